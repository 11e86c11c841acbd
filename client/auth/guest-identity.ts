/**
 * Who this browser appears as to other editors (caret label and colour) until accounts
 * exist. Kept in localStorage so the same person keeps the same name and colour across
 * reloads. Issue #3 replaces the source with the signed-in user; the shape stays.
 */
export interface Identity {
  name: string;
  /** A CSS colour readable as a caret and as a label background behind white text. */
  color: string;
}

const STORAGE_KEY = 'jointly:guest-identity';
export const MAX_NAME_LENGTH = 40;

/** Darker tones so white label text keeps at least 4.5:1 contrast. */
const COLORS = ['#b4235a', '#1d6fb8', '#2e7d32', '#8a4baf', '#c2410c', '#0f766e', '#a16207', '#4f46e5'] as const;
const ANIMALS = ['Heron', 'Otter', 'Lynx', 'Finch', 'Badger', 'Marten', 'Plover', 'Wren', 'Hare', 'Ibex'] as const;

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)] as T;
}

function randomIdentity(): Identity {
  return { name: `Guest ${pick(ANIMALS)}`, color: pick(COLORS) };
}

function isIdentity(value: unknown): value is Identity {
  const v = value as Partial<Identity> | null;
  return typeof v?.name === 'string' && v.name.trim() !== '' && typeof v.color === 'string' && /^#[0-9a-f]{6}$/i.test(v.color);
}

/** The stored identity, or a new random one (stored right away). Never throws, even without storage. */
export function loadGuestIdentity(): Identity {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    if (isIdentity(stored)) return { name: stored.name.slice(0, MAX_NAME_LENGTH), color: stored.color };
  } catch {
    // Unreadable or unavailable storage: fall through to a fresh identity.
  }
  const identity = randomIdentity();
  saveGuestIdentity(identity);
  return identity;
}

export function saveGuestIdentity(identity: Identity): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(identity));
  } catch {
    // Private mode or full storage: the identity lasts for this page only.
  }
}

/** Normalizes a name typed by the person; null when nothing usable is left. */
export function cleanName(input: string): string | null {
  const name = input.replace(/\s+/g, ' ').trim().slice(0, MAX_NAME_LENGTH);
  return name === '' ? null : name;
}
