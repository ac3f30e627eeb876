/**
 * The duplicate check's history (CONTRACT "Duplicates"): the lines of recorded claims, as the engine
 * compares them. Written when a claim is recorded, released when a REPLACEMENT or VOID changes it, read
 * by (recipient, date of service) in one query per batch through a partial index on open lines.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { RecordedLines, sessionCode, type BilledSession } from '../rules/claims';
import type { DateOnly } from '../rules/dates';
import type { Contact, Modality, Service } from '../rules/vocabulary';

/** A row of the open recorded lines (openLinesSql). */
export interface RecordedLineRow {
  recipient_id: string;
  date_of_service: DateOnly;
  line_id: string;
  service: Service;
  staff_id: string;
  modality: Modality;
  contact: Contact;
  procedure_code: string | null;
  modifiers: string[];
  recorded_on: DateOnly;
  provider_id: string;
  claim_id: string;
}

/**
 * The open recorded lines of some recipients on some dates of service (placeholders: a uuid[], a date[]
 * and the key's scope, a uuid[] or null for all). The index on open lines by recipient and date answers
 * it; lines of one recipient on another's date come too, and are never asked for. Another provider's
 * claims are not disclosed (and a person registered at one provider renders for it alone, so its own
 * claims are where a duplicate is).
 */
export const openLinesSql = (recipientIds: string, dates: string, scope: string): string =>
  `SELECT l.recipient_id, l.date_of_service, l.line_id, l.service, l.staff_id, l.modality, l.contact, l.procedure_code, l.modifiers,
          (l.recorded_at AT TIME ZONE 'UTC')::date::text AS recorded_on, c.provider_id, c.claim_id
     FROM recorded_claim_lines l
     JOIN claim_records c ON c.id = l.claim_record_id
    WHERE l.released_at IS NULL AND l.recipient_id = ANY(${recipientIds}::uuid[]) AND l.date_of_service = ANY(${dates}::date[])
      AND (${scope}::uuid[] IS NULL OR c.provider_id = ANY(${scope}::uuid[]))`;

export function addRecordedLines(out: RecordedLines, rows: readonly RecordedLineRow[]): void {
  for (const r of rows) {
    out.add(r.recipient_id, r.date_of_service, {
      providerId: r.provider_id,
      claimId: r.claim_id,
      lineId: r.line_id,
      service: r.service,
      staffId: r.staff_id,
      modality: r.modality,
      contact: r.contact,
      code: sessionCode(r.procedure_code, r.modifiers),
      recordedOn: r.recorded_on,
    });
  }
}

@Injectable()
export class ClaimHistoryService {
  /** The open recorded lines of these recipients on these dates of service, in one query (openLinesSql). scope: the providers the key acts for (null: all). */
  async read(em: EntityManager, recipientIds: readonly string[], dates: readonly DateOnly[], scope: string[] | null): Promise<RecordedLines> {
    const out = new RecordedLines();
    if (recipientIds.length === 0 || dates.length === 0) return out;
    addRecordedLines(out, await em.query(openLinesSql('$1', '$2', '$3'), [recipientIds, dates, scope]));
    return out;
  }

  /** The lines of a claim version just recorded, in one insert. */
  async record(em: EntityManager, claimRecordId: string, version: number, sessions: readonly BilledSession[]): Promise<void> {
    if (sessions.length === 0) return;
    await em.query(
      `INSERT INTO recorded_claim_lines (claim_record_id, claim_version, line_id, recipient_id, date_of_service, service, staff_id, modality, contact, procedure_code, modifiers)
       SELECT $1, $2, s.line_id, s.recipient_id, s.date_of_service, s.service, s.staff_id, s.modality, s.contact, s.procedure_code,
              COALESCE(ARRAY(SELECT jsonb_array_elements_text(s.modifiers)), '{}')
         FROM jsonb_to_recordset($3::jsonb) AS s(line_id text, recipient_id uuid, date_of_service date, service text, staff_id uuid, modality text, contact text, procedure_code text, modifiers jsonb)`,
      [
        claimRecordId,
        version,
        JSON.stringify(
          sessions.map((s) => ({
            line_id: s.lineId,
            recipient_id: s.recipientId,
            date_of_service: s.dateOfService,
            service: s.service,
            staff_id: s.staffId,
            modality: s.modality,
            contact: s.contact,
            procedure_code: s.procedureCode,
            modifiers: s.modifiers,
          })),
        ),
      ],
    );
  }

  /** A REPLACEMENT or VOID: the earlier version's lines stop counting (kept, marked released). */
  async release(em: EntityManager, claimRecordId: string, byVersion: number): Promise<void> {
    await em.query(`UPDATE recorded_claim_lines SET released_at = now(), released_by_version = $2 WHERE claim_record_id = $1 AND released_at IS NULL`, [claimRecordId, byVersion]);
  }
}
