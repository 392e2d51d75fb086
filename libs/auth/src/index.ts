export * from './auth-user';
export * from './auth.guard';
export * from './auth.module';
export * from './decorators';
export * from './password';
export * from './roles';
export * from './site-scope';
export * from './token.service';
