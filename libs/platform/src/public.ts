import { SetMetadata } from '@nestjs/common';

export const PUBLIC_KEY = 'clinic-flow:public';

/** A route that needs no token (login, health probes). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
