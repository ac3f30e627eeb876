/**
 * The claim history the duplicate check compares with (140.455(a)): lines of claims recorded earlier by
 * POST /claims, not since replaced or voided, by recipient and date of service.
 */
import type { DateOnly } from '../dates';
import type { Contact, Modality, Service } from '../vocabulary';

/** A line of a claim recorded earlier (POST /claims), not since replaced or voided, as the check compares it. */
export interface RecordedLine {
  providerId: string;
  claimId: string;
  lineId: string;
  service: Service;
  staffId: string;
  modality: Modality;
  contact: Contact;
  /** sessionCode(procedure code, modifiers) */
  code: string;
  /** the day it was recorded */
  recordedOn: DateOnly;
}

const NONE: readonly RecordedLine[] = [];

/** Recorded lines by recipient and date of service, as loaded for a batch: what ClaimCheckContext.recordedLines answers from. */
export class RecordedLines {
  private readonly byRecipient = new Map<string, Map<DateOnly, RecordedLine[]>>();

  lines(recipientId: string, dateOfService: DateOnly): readonly RecordedLine[] {
    if (this.byRecipient.size === 0) return NONE;
    return this.byRecipient.get(recipientId)?.get(dateOfService) ?? NONE;
  }

  add(recipientId: string, dateOfService: DateOnly, line: RecordedLine): void {
    let byDate = this.byRecipient.get(recipientId);
    if (byDate === undefined) this.byRecipient.set(recipientId, (byDate = new Map()));
    const list = byDate.get(dateOfService);
    if (list) list.push(line);
    else byDate.set(dateOfService, [line]);
  }

  /** Takes fresher lines of a recipient on the dates they were read for (a claim's, under its lock). */
  refresh(read: RecordedLines, recipientId: string, dates: readonly DateOnly[]): void {
    const from = read.byRecipient.get(recipientId);
    let byDate = this.byRecipient.get(recipientId);
    for (const date of dates) {
      const fresh = from?.get(date);
      if (fresh === undefined) byDate?.delete(date);
      else {
        if (byDate === undefined) this.byRecipient.set(recipientId, (byDate = new Map()));
        byDate.set(date, fresh);
      }
    }
  }
}
