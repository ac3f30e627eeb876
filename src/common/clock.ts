/**
 * "Today" for the service: the UTC calendar day, or a fixed day when the configuration pins one
 * (tests whose story is set in the future, demos of a given day). Injected where the day matters to
 * an answer (the day an event is recorded, the default asOf of a deadline list or feed).
 */
import { today, type DateOnly } from '../rules/dates';

export abstract class Clock {
  abstract now(): Date;

  today(): DateOnly {
    return today(this.now());
  }
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** The pinned day at the real time of day (instants recorded that day still order). */
export class FixedClock extends Clock {
  constructor(private readonly day: DateOnly) {
    super();
  }

  now(): Date {
    return new Date(`${this.day}T${new Date().toISOString().slice(11)}`);
  }
}
