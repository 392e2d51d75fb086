export * from './appointment.dto';
export * from './auth.dto';
export * from './common.dto';
export * from './directory.dto';
export * from './notification.dto';
export * from './patient.dto';
