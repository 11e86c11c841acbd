import {
  MessageType,
  type afterUnloadDocumentPayload,
  type beforeHandleAwarenessPayload,
  type beforeHandleMessagePayload,
  type Connection,
  type connectedPayload,
  type Document,
  type Extension,
} from '@hocuspocus/server';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { applyAwarenessUpdate } from 'y-protocols/awareness';
import { CloseCodes } from '../../../shared/close-codes.ts';
import { PresenceStateSchema } from '../../../shared/collab-messages.ts';
import type { AdmissionLimits } from '../../config.ts';
import type { Logger } from '../../logger.ts';
import type { UpdateAdmission } from './update-admission.ts';
import type { CollabContext } from './authenticate.ts';
import { CollabRefusal, refuse } from '../refusal.ts';
import { TokenBucket } from '../token-bucket.ts';

/** The awareness rate limit lets this many seconds' worth through at once. */
const AWARENESS_BURST_SECONDS = 4;

/**
 * Entries one connection may own. A provider publishes one (its document's client ID, which
 * Yjs changes only when it finds it in use by someone else); without a bound, one connection
 * could fill every other client's presence with empty entries.
 */
const MAX_ENTRIES_PER_CONNECTION = 4;

const MESSAGE_AWARENESS: number = MessageType.Awareness;

/** Who set an awareness entry (a Yjs client ID's presence) on a document. */
interface EntryOwner {
  connection: Connection;
  userId: string;
}

/**
 * Admission of awareness (presence: carets, names) before Hocuspocus applies and fans it out.
 *
 * Guarantees, for every awareness frame of a connection:
 * - at most `awarenessPerSecond` frames per second are taken (bursts of 4 s worth);
 * - every state is within `maxAwarenessBytes` as JSON, and is an object with only the fields
 *   declared in shared/collab-messages.ts (`PresenceStateSchema`), or null (leaving);
 * - an entry (client ID) belongs to the connection that first set it. A later connection of
 *   the same user takes it over (a provider reconnecting before the server noticed its old
 *   socket died); a connection of another user may neither set nor clear it, nor set a client
 *   ID that UpdateAdmission has bound to another user's writing; one connection owns at most
 *   4 entries;
 * - `user` is the server's identity for the connection's user (name, organization, colour),
 *   whatever the client claimed.
 * Anything else refuses the whole frame: nothing of it is applied or broadcast, and the
 * connection is closed with PresenceRefused (4424). An entry is released when its connection
 * closes (Hocuspocus then removes the states that connection set); a provider that comes back
 * shows again at once (`revive`).
 *
 * The frame is read twice: here in `beforeHandleMessage` (sizes before any JSON is parsed, and
 * removals, which Hocuspocus's scratch decoding drops before `beforeHandleAwareness` could see
 * them), then in `beforeHandleAwareness`, which checks and records ownership right before the
 * states are applied and keeps only the entries of the frame (Hocuspocus's scratch Awareness
 * adds one of its own).
 */
export class AwarenessAdmission implements Extension {
  readonly extensionName = 'AwarenessAdmission';
  private readonly limits: AdmissionLimits;
  private readonly updates: Pick<UpdateAdmission, 'userOfClient'>;
  private readonly logger: Logger;
  /** Per document name: who owns each client ID's entry. */
  private readonly owners = new Map<string, Map<number, EntryOwner>>();
  /** Per connection: the client IDs whose entries it owns. */
  private readonly owned = new WeakMap<Connection, Set<number>>();
  private readonly rates = new WeakMap<Connection, TokenBucket>();
  /** Client ID → clock of the states in the awareness frame a connection is handling, checked by `beforeHandleMessage`. */
  private readonly framesInHand = new WeakMap<Connection, Map<number, number>>();

  constructor(limits: AdmissionLimits, updates: Pick<UpdateAdmission, 'userOfClient'>, logger: Logger) {
    this.limits = limits;
    this.updates = updates;
    this.logger = logger;
  }

  async connected({ connection }: connectedPayload): Promise<void> {
    connection.onClose(() => this.release(connection));
  }

  async afterUnloadDocument({ documentName }: afterUnloadDocumentPayload): Promise<void> {
    this.owners.delete(documentName);
  }

  async beforeHandleMessage({ connection, documentName, update: frame }: beforeHandleMessagePayload): Promise<void> {
    const entries = readAwarenessFrame(frame);
    if (entries === null) return;
    try {
      this.framesInHand.set(connection, this.checkFrame(connection, documentName, entries));
    } catch (error) {
      refuse(connection, error, this.logger);
      throw error;
    }
  }

  async beforeHandleAwareness({ connection, document, states }: beforeHandleAwarenessPayload): Promise<void> {
    if (!connection) return;
    const inFrame = this.framesInHand.get(connection);
    this.framesInHand.delete(connection);
    const context = connection.context as CollabContext;
    try {
      let adding = 0;
      for (const clientId of states.keys()) {
        if (!inFrame?.has(clientId)) continue;
        this.checkOwner(document.name, connection, context.userId, clientId);
        if (!this.ownedBy(connection).has(clientId)) adding++;
      }
      if (this.ownedBy(connection).size + adding > MAX_ENTRIES_PER_CONNECTION) {
        throw this.refusal(`the awareness update sets more than ${MAX_ENTRIES_PER_CONNECTION} presence entries for one connection`);
      }
    } catch (error) {
      refuse(connection, error, this.logger);
      throw error;
    }
    for (const [clientId, state] of states) {
      const clock = inFrame?.get(clientId);
      if (clock === undefined) {
        states.delete(clientId);
        continue;
      }
      state.user = { ...context.identity };
      this.claim(document, connection, context.userId, clientId);
      if (this.revive(document, connection, clientId, clock, state)) states.delete(clientId);
    }
  }

  /** Rate, sizes, shapes, and removals; returns the client IDs (and clocks) whose states may be set. */
  private checkFrame(connection: Connection, documentName: string, entries: AwarenessEntry[] | 'unreadable'): Map<number, number> {
    if (entries === 'unreadable') throw this.refusal('the awareness update does not decode');
    let rate = this.rates.get(connection);
    if (!rate) this.rates.set(connection, (rate = new TokenBucket(this.limits.awarenessPerSecond, AWARENESS_BURST_SECONDS)));
    if (!rate.take()) throw this.refusal(`more than ${this.limits.awarenessPerSecond} awareness changes per second`);
    const userId = (connection.context as CollabContext).userId;
    const setting = new Map<number, number>();
    for (const { clientId, clock, json } of entries) {
      if (json.byteLength > this.limits.maxAwarenessBytes) {
        throw this.refusal(`an awareness state of ${json.byteLength} bytes is over the cap of ${this.limits.maxAwarenessBytes}`, { clientId });
      }
      const state = parseJson(json);
      if (state === null) {
        // Leaving. Only the owner's user may clear an entry.
        const owner = this.owners.get(documentName)?.get(clientId);
        if (owner && owner.userId !== userId) throw this.refusal('the awareness update clears another person’s presence', { clientId });
        continue;
      }
      const shape = PresenceStateSchema.safeParse(state);
      if (!shape.success) {
        throw this.refusal(`an awareness state is not a presence state (${shape.error.issues[0]?.message ?? 'wrong shape'})`, { clientId });
      }
      setting.set(clientId, clock);
    }
    return setting;
  }

  private checkOwner(documentName: string, connection: Connection, userId: string, clientId: number): void {
    const owner = this.owners.get(documentName)?.get(clientId);
    if (owner && owner.connection !== connection && owner.userId !== userId) {
      throw this.refusal('the awareness update sets another person’s presence', { clientId });
    }
    const writer = this.updates.userOfClient(documentName, clientId);
    if (writer !== undefined && writer !== userId) {
      throw this.refusal('the awareness update sets presence under a client ID bound to another person', { clientId });
    }
  }

  /**
   * Makes `connection` the owner of `clientId`'s entry, and makes Hocuspocus's own record of
   * which connection set which entry agree: it removes an entry with the connection that set
   * it first, but counts an entry as set only when its client ID was never seen on the
   * document, so a taken-over or returning entry would otherwise stay behind (or vanish when
   * the old connection closes).
   */
  private claim(document: Document, connection: Connection, userId: string, clientId: number): void {
    let owners = this.owners.get(document.name);
    if (!owners) this.owners.set(document.name, (owners = new Map()));
    const previous = owners.get(clientId);
    if (previous && previous.connection !== connection) {
      document.getClients(previous.connection).delete(clientId);
      this.ownedBy(previous.connection).delete(clientId);
    }
    owners.set(clientId, { connection, userId });
    this.ownedBy(connection).add(clientId);
    document.getClients(connection).add(clientId);
  }

  /**
   * A provider that reconnects publishes its unchanged state at the clock everyone saw removed
   * when its old connection closed; y-protocols takes that for a replay, so its caret would
   * stay hidden until it next moves. Such a state is applied here under the next clock, which
   * every client takes (the provider too). True when it was applied here.
   */
  private revive(document: Document, connection: Connection, clientId: number, clock: number, state: Record<string, unknown>): boolean {
    const known = document.awareness.meta.get(clientId);
    if (!known || clock > known.clock || document.awareness.getStates().has(clientId)) return false;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 1);
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, known.clock + 1);
    encoding.writeVarString(encoder, JSON.stringify(state));
    applyAwarenessUpdate(document.awareness, encoding.toUint8Array(encoder), { source: 'connection', connection });
    return true;
  }

  private release(connection: Connection): void {
    const owners = this.owners.get(connection.document.name);
    for (const clientId of this.ownedBy(connection)) if (owners?.get(clientId)?.connection === connection) owners.delete(clientId);
    this.owned.delete(connection);
  }

  private ownedBy(connection: Connection): Set<number> {
    let owned = this.owned.get(connection);
    if (!owned) this.owned.set(connection, (owned = new Set()));
    return owned;
  }

  private refusal(message: string, detail: Record<string, unknown> = {}): CollabRefusal {
    return new CollabRefusal(CloseCodes.PresenceRefused, message, detail);
  }
}

interface AwarenessEntry {
  clientId: number;
  clock: number;
  /** The state as the JSON bytes the frame carries. */
  json: Uint8Array;
}

/**
 * The entries of an awareness frame (`address, Awareness, varUint8Array(update)`, the update
 * being `count, (clientID, clock, JSON)*`), null for any other frame, 'unreadable' for an
 * awareness frame that does not parse. The JSON is not decoded here.
 */
export function readAwarenessFrame(frame: Uint8Array): AwarenessEntry[] | 'unreadable' | null {
  let update: Uint8Array;
  try {
    const decoder = decoding.createDecoder(frame);
    decoding.readVarUint8Array(decoder); // the address
    if (decoding.readVarUint(decoder) !== MESSAGE_AWARENESS) return null;
    update = decoding.readVarUint8Array(decoder);
  } catch {
    return null;
  }
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    const entries: AwarenessEntry[] = [];
    for (let i = 0; i < count; i++) {
      entries.push({ clientId: decoding.readVarUint(decoder), clock: decoding.readVarUint(decoder), json: decoding.readVarUint8Array(decoder) });
    }
    return entries;
  } catch {
    return 'unreadable';
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The JSON value of `bytes`; a string that is not JSON is refused like a state of the wrong shape. */
function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(utf8.decode(bytes));
  } catch {
    return undefined;
  }
}
