import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuthUser, hashPassword } from '@clinic-flow/auth';
import {
  ChangeStaffAccountRequest,
  CreateStaffAccountRequest,
  StaffAccountChangeDto,
  StaffAccountDto,
  UserAccountData,
  UserChangedV1,
  UserCreatedV1,
  UserDeactivatedV1,
} from '@clinic-flow/contracts';
import { EventFactory } from '@clinic-flow/messaging';
import { conflict, isDuplicateKeyError, notFound } from '@clinic-flow/platform';
import { UserStatusCache } from './user-status.cache';
import { assertChangeAllowed, assertGrantable, assertManageable, assertVisible, changesOf, revokesTokens } from './users.rules';
import { UserRecord } from './users.schema';
import { UsersRepository } from './users.repository';


/** Office managers administer the staff accounts of their sites; every change is an event and a history entry. */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly events: EventFactory,
    private readonly status: UserStatusCache,
  ) {}

  async list(actor: AuthUser): Promise<StaffAccountDto[]> {
    return (await this.users.findAtSites(actor.siteIds)).map(toDto);
  }

  async get(actor: AuthUser, id: string): Promise<StaffAccountDto> {
    const account = await this.users.findById(id);
    assertVisible(actor, account, id);
    return toDto(account as UserRecord);
  }

  async history(actor: AuthUser, id: string): Promise<StaffAccountChangeDto[]> {
    const account = await this.users.findById(id);
    assertVisible(actor, account, id);
    return ((account as UserRecord).history ?? []).map((h) => ({ ...h, at: new Date(h.at).toISOString() }));
  }

  async create(actor: AuthUser, request: CreateStaffAccountRequest): Promise<StaffAccountDto> {
    assertGrantable(actor, request);
    const email = request.email.toLowerCase();
    if (await this.users.exists(email)) throw conflict('USERS.EMAIL_TAKEN', 'An account with this email exists.');
    const now = new Date();
    const user: Omit<UserRecord, 'version'> = {
      _id: randomUUID(),
      email,
      name: request.name,
      passwordHash: await hashPassword(request.password),
      roles: request.roles as UserRecord['roles'],
      siteIds: request.siteIds,
      active: true,
      createdAt: now,
      createdBy: actor.id,
      history: [{ action: 'created', by: actor.id, at: now, changes: [{ field: 'roles', from: [], to: request.roles }, { field: 'siteIds', from: [], to: request.siteIds }] }],
    };
    try {
      const created = await this.users.insert(user, [this.events.outboxEntry(UserCreatedV1, { subject: user._id, siteId: null, data: eventData(user, actor.id) })]);
      return toDto(created);
    } catch (error) {
      if (isDuplicateKeyError(error)) throw conflict('USERS.EMAIL_TAKEN', 'An account with this email exists.');
      throw error;
    }
  }

  async change(actor: AuthUser, id: string, request: ChangeStaffAccountRequest): Promise<StaffAccountDto> {
    const outcome = await this.users.update(id, (current) => {
      assertVisible(actor, current, id);
      assertManageable(actor, current);
      assertChangeAllowed(actor, current, request);
      const changes = changesOf(current, request);
      if (!changes.length) return null;
      const next = { ...current, name: request.name ?? current.name, roles: (request.roles ?? current.roles) as UserRecord['roles'], siteIds: request.siteIds ?? current.siteIds };
      return {
        set: {
          name: next.name,
          roles: next.roles,
          siteIds: next.siteIds,
          ...(revokesTokens(changes) ? { tokensValidAfter: Date.now() } : {}),
        },
        push: { history: { action: 'changed', by: actor.id, at: new Date(), changes } },
        events: [this.events.outboxEntry(UserChangedV1, { subject: id, siteId: null, data: { ...eventData(next, actor.id), changes } })],
      };
    });
    if (!outcome) throw notFound('USERS.NOT_FOUND', `No staff account ${id} at your sites.`);
    this.status.forget(id);
    return toDto(outcome.doc);
  }

  async deactivate(actor: AuthUser, id: string, reason?: string): Promise<StaffAccountDto> {
    if (id === actor.id) throw conflict('USERS.SELF', 'You cannot deactivate your own account; ask another office manager.');
    const outcome = await this.users.update(id, (current) => {
      assertVisible(actor, current, id);
      assertManageable(actor, current);
      if (!current.active) return null;
      const at = new Date();
      return {
        set: { active: false, deactivatedAt: at, tokensValidAfter: Date.now() },
        push: { history: { action: 'deactivated', by: actor.id, at, changes: [{ field: 'status', from: 'active', to: 'deactivated' }], ...(reason ? { reason } : {}) } },
        events: [this.events.outboxEntry(UserDeactivatedV1, { subject: id, siteId: null, data: { ...eventData({ ...current, active: false }, actor.id), ...(reason ? { reason } : {}) } })],
      };
    });
    if (!outcome) throw notFound('USERS.NOT_FOUND', `No staff account ${id} at your sites.`);
    this.status.forget(id);
    return toDto(outcome.doc);
  }
}

function eventData(user: Pick<UserRecord, '_id' | 'email' | 'name' | 'roles' | 'siteIds' | 'active'>, changedBy: string): UserAccountData {
  return { userId: user._id, email: user.email, name: user.name, roles: user.roles, siteIds: user.siteIds, status: user.active ? 'active' : 'deactivated', changedBy };
}

function toDto(user: UserRecord): StaffAccountDto {
  return {
    id: user._id,
    email: user.email,
    name: user.name,
    roles: user.roles,
    siteIds: user.siteIds,
    status: user.active ? 'active' : 'deactivated',
    totpEnrolled: !!user.totpSecret,
    createdAt: new Date(user.createdAt).toISOString(),
    ...(user.createdBy ? { createdBy: user.createdBy } : {}),
    ...(user.deactivatedAt ? { deactivatedAt: new Date(user.deactivatedAt).toISOString() } : {}),
  };
}
