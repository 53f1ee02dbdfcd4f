/**
 * What every feature gets from the core (the database, the clock, the audit log, who is
 * acting) and the types its handler table is written against. Features own their
 * handlers, repository and SQL; PracticeCore composes them.
 */
import type { Channel } from '../../../shared/channels';
import type { OutputOf, ParsedInputOf } from '../../../shared/contract';
import type { Profile } from '../../../shared/contract/profiles';
import type { Clock } from '../clock';
import type { Db } from '../db/open';
import type { WriteEvents } from '../write-events';
import type { Actor, AuditLog } from './audit/log';

/** Who is acting in one client (a window, a browser tab, a test). Owned by the transport. */
export interface Session {
  profileId: string | null;
  /** Set by a transport that signed this client out on its own (the web host, after a long idle time). */
  signedOutNotice?: string | null;
}

/** What a handler knows about the call beyond its input. */
export interface CallContext {
  session: Session;
  /** The signed-in profile, already checked against the channel's access rule. */
  profile: Profile | null;
}

/** Shared services a feature is built with. */
export interface CoreContext {
  readonly db: Db;
  readonly clock: Clock;
  readonly audit: AuditLog;
  /** Every finished write, for features that keep state built from the database in memory. */
  readonly writes: WriteEvents;
  /** Now, as an ISO timestamp. */
  now(): string;
  /** An ISO timestamp strictly after `previous` (optimistic-concurrency stamps never repeat). */
  stampAfter(previous: string | null): string;
  /** Today's date in the practice's time zone, YYYY-MM-DD. */
  today(): string;
  /** The audit log's name for whoever is acting. */
  actorOf(profile: Profile | null): Actor;
}

/**
 * One channel's handler. Most are synchronous (one better-sqlite3 transaction); a handler
 * that must wait on the network first (hub sync) returns a promise and still does its
 * database work in one synchronous transaction after the await.
 */
export type Handler<C extends Channel> = (input: ParsedInputOf<C>, call: CallContext) => OutputOf<C> | Promise<OutputOf<C>>;

/** A feature's handler table: one handler per channel of its contract file. */
export type HandlerTable<Rows> = { [C in keyof Rows & Channel]: Handler<C> };

export type Handlers = HandlerTable<Record<Channel, unknown>>;
