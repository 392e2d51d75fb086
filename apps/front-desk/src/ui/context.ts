import { createContext, useContext } from 'react';
import { Policies, type Role } from '@clinic-flow/auth/roles';
import type { ApiClient } from '../api/client';
import type { Site, User } from '../api/types';
import type { Language, Translate } from '../i18n/i18n';

export type Policy = keyof typeof Policies;

/** Whether the user's roles hold a policy (the API decides; this only hides what would be refused). */
export function allowed(roles: readonly Role[], policy: Policy): boolean {
  return roles.some((role) => (Policies[policy] as readonly Role[]).includes(role));
}

export interface Desk {
  api: ApiClient;
  t: Translate;
  language: Language;
  user: User;
  site: Site;
  can(policy: Policy): boolean;
  /** Tells the person what happened (a polite live region). */
  announce(message: string): void;
}

export const DeskContext = createContext<Desk | null>(null);

export function useDesk(): Desk {
  const desk = useContext(DeskContext);
  if (!desk) throw new Error('useDesk outside a signed-in desk');
  return desk;
}
