/**
 * A small writer of 837P 005010X222A1 files with correct envelopes (SE01, GE01, IEA01 counted, control
 * numbers paired). For tests, benchmarks, demo fixtures and tools; it writes the loops this reader uses
 * and the segments the guide requires around them, nothing more.
 */

export interface Write837Line {
  procedureCode: string;
  modifiers?: string[];
  /** SV102, default 100 */
  charge?: number;
  /** SV103: UN units or MJ minutes */
  unitBasis?: 'UN' | 'MJ';
  units: number;
  /** SV105, only when it differs from the claim's */
  placeOfService?: string;
  /** YYYY-MM-DD, or a [from, to] range written as RD8 */
  date: string | [string, string];
  /** 2420A NM1*82 */
  renderingNpi?: string;
  /** REF*6R */
  lineControl?: string;
}

export interface Write837Claim {
  claimId: string;
  /** CLM05-3, default '1' */
  frequencyCode?: string;
  /** CLM05-1, default '11' */
  placeOfService?: string;
  /** ICD-10 codes, the first is the principal (ABK), the others ABF */
  diagnoses: string[];
  /** 2310B NM1*82 */
  renderingNpi?: string;
  /** REF*F8 */
  payerClaimControlNumber?: string;
  lines: Write837Line[];
}

export interface Write837Subscriber {
  medicaidId: string;
  lastName: string;
  firstName: string;
  /** YYYY-MM-DD */
  birthDate: string;
  gender?: 'M' | 'F' | 'U';
  claims: Write837Claim[];
}

export interface Write837Provider {
  npi: string;
  name: string;
  taxId?: string;
  /** any iterable, so a generator can stream a large file */
  subscribers: Iterable<Write837Subscriber>;
}

export interface Write837Transaction {
  /** ST02 */
  control: string;
  providers: Iterable<Write837Provider>;
}

export interface Write837Input {
  /** ISA13, 9 digits */
  interchangeControl?: string;
  /** GS06 */
  groupControl?: string;
  transactions: Write837Transaction[];
  separators?: { element?: string; component?: string; repetition?: string; segment?: string };
  /** written after every segment terminator: '' (none), '\n' or '\r\n'; default '\n' */
  lineEnding?: string;
  sender?: string;
  receiver?: string;
  /** CCYYMMDD for ISA09/GS04/BHT04, default 20260801 */
  created?: string;
}

const d8 = (date: string): string => date.replace(/-/g, '');
const pad = (v: string, n: number): string => (v.length >= n ? v.slice(0, n) : v + ' '.repeat(n - v.length));

/** The segments one by one, as element arrays (so a caller can stream a large file). */
export function* write837Segments(input: Write837Input): Generator<string[]> {
  const created = input.created ?? '20260801';
  const isa13 = input.interchangeControl ?? '000000001';
  const gs06 = input.groupControl ?? '1';
  const sender = input.sender ?? 'BHCHECKDEMO';
  const receiver = input.receiver ?? 'ILMEDICAID';
  const rep = input.separators?.repetition ?? '^';
  const comp = input.separators?.component ?? ':';
  yield ['ISA', '00', pad('', 10), '00', pad('', 10), 'ZZ', pad(sender, 15), 'ZZ', pad(receiver, 15), created.slice(2), '1200', rep, '00501', isa13, '0', 'T', comp];
  yield ['GS', 'HC', sender, receiver, created, '1200', gs06, 'X', '005010X222A1'];
  for (const tx of input.transactions) {
    let n = 0;
    const seg = (...e: string[]): string[] => {
      n++;
      return e;
    };
    yield seg('ST', '837', tx.control, '005010X222A1');
    yield seg('BHT', '0019', '00', tx.control, created, '1200', 'CH');
    yield seg('NM1', '41', '2', sender, '', '', '', '', '46', sender);
    yield seg('PER', 'IC', 'BILLING OFFICE', 'TE', '2175550100');
    yield seg('NM1', '40', '2', receiver, '', '', '', '', '46', receiver);
    let hl = 0;
    for (const p of tx.providers) {
      const providerHl = ++hl;
      yield seg('HL', String(providerHl), '', '20', '1');
      yield seg('NM1', '85', '2', p.name, '', '', '', '', 'XX', p.npi);
      yield seg('N3', '100 MAIN ST');
      yield seg('N4', 'SPRINGFIELD', 'IL', '627010001');
      yield seg('REF', 'EI', p.taxId ?? '371234567');
      for (const s of p.subscribers) {
        yield seg('HL', String(++hl), String(providerHl), '22', '0');
        yield seg('SBR', 'P', '18', '', '', '', '', '', '', 'MC');
        yield seg('NM1', 'IL', '1', s.lastName, s.firstName, '', '', '', 'MI', s.medicaidId);
        yield seg('N3', '1 ELM ST');
        yield seg('N4', 'SPRINGFIELD', 'IL', '62702');
        yield seg('DMG', 'D8', d8(s.birthDate), s.gender ?? 'U');
        yield seg('NM1', 'PR', '2', 'ILLINOIS MEDICAID', '', '', '', '', 'PI', '752548221');
        for (const c of s.claims) {
          const total = c.lines.reduce((a, l) => a + (l.charge ?? 100), 0);
          yield seg('CLM', c.claimId, total.toFixed(2), '', '', [c.placeOfService ?? '11', 'B', c.frequencyCode ?? '1'].join(comp), 'Y', 'A', 'Y', 'Y');
          if (c.payerClaimControlNumber) yield seg('REF', 'F8', c.payerClaimControlNumber);
          yield seg('HI', ...c.diagnoses.map((d, i) => `${i === 0 ? 'ABK' : 'ABF'}${comp}${d}`));
          if (c.renderingNpi) yield seg('NM1', '82', '1', 'CLINICIAN', 'CLAIM', '', '', '', 'XX', c.renderingNpi);
          let lx = 0;
          for (const l of c.lines) {
            yield seg('LX', String(++lx));
            const proc = ['HC', l.procedureCode, ...(l.modifiers ?? [])].join(comp);
            yield seg('SV1', proc, (l.charge ?? 100).toFixed(2), l.unitBasis ?? 'UN', String(l.units), l.placeOfService ?? '', '', '1');
            yield typeof l.date === 'string' ? seg('DTP', '472', 'D8', d8(l.date)) : seg('DTP', '472', 'RD8', `${d8(l.date[0])}-${d8(l.date[1])}`);
            if (l.lineControl) yield seg('REF', '6R', l.lineControl);
            if (l.renderingNpi) yield seg('NM1', '82', '1', 'CLINICIAN', 'LINE', '', '', '', 'XX', l.renderingNpi);
          }
        }
      }
    }
    yield seg('SE', String(n + 1), tx.control);
  }
  yield ['GE', String(input.transactions.length), gs06];
  yield ['IEA', '1', isa13];
}

/** Joins segments with the separators; trailing empty elements are dropped, as X12 requires. */
export function formatSegment(e: string[], element = '*', segment = '~'): string {
  let end = e.length;
  if (e[0] !== 'ISA') while (end > 1 && e[end - 1] === '') end--;
  return e.slice(0, end).join(element) + segment;
}

export function write837(input: Write837Input): string {
  const el = input.separators?.element ?? '*';
  const term = input.separators?.segment ?? '~';
  const nl = input.lineEnding ?? '\n';
  let out = '';
  for (const s of write837Segments(input)) out += formatSegment(s, el, term) + nl;
  return out;
}
