import { Module } from '@nestjs/common';
import { CodeSetsController } from './code-sets.controller';

/** Look-ups of the code sets the service loads (CodeSetsModule.forRoot in the app module). */
@Module({ controllers: [CodeSetsController] })
export class CodeSetsApiModule {}
