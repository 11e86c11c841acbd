import type { ClientIdStore } from '../store.ts';
import { isoNow, type SqliteDatabase } from './database.ts';

export class SqliteClientIds implements ClientIdStore {
  private readonly db: SqliteDatabase;

  constructor(db: SqliteDatabase) {
    this.db = db;
  }

  async bindings(documentName: string): Promise<Map<number, string>> {
    const rows = this.db.all<{ client_id: number; user_id: string }>('SELECT client_id, user_id FROM client_bindings WHERE document_name = ?', documentName);
    return new Map(rows.map((row) => [Number(row.client_id), row.user_id]));
  }

  async bind(documentName: string, userId: string, clientIds: readonly number[]): Promise<number[]> {
    const at = isoNow();
    return this.db.transaction(() => {
      const taken: number[] = [];
      for (const clientId of clientIds) {
        this.db.run(
          'INSERT INTO client_bindings (document_name, client_id, user_id, bound_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
          documentName,
          clientId,
          userId,
          at,
        );
        const owner = this.db.get<{ user_id: string }>('SELECT user_id FROM client_bindings WHERE document_name = ? AND client_id = ?', documentName, clientId);
        if (owner?.user_id !== userId) taken.push(clientId);
      }
      return taken;
    });
  }
}
