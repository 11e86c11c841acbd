import { readFileSync } from 'node:fs';

/** Bytes a live process has caused to be written to storage (write_bytes in /proc/<pid>/io), or null when unreadable. */
export function storageBytesWritten(pid: number): number | null {
  try {
    const line = readFileSync(`/proc/${pid}/io`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('write_bytes:'));
    return line ? Number(line.split(':')[1]) : null;
  } catch {
    return null;
  }
}
