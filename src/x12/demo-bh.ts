/**
 * The demo behavioural-health 837P, fixtures/x12/demo-bh.837. Regenerate after changing anything here:
 *
 *   npx ts-node --transpile-only src/x12/demo-bh.ts > fixtures/x12/demo-bh.837
 *
 * (test/unit/x12/fixtures.spec.ts fails while the file and this generator disagree.)
 */
import { write837, type Write837Input } from './write837';

// ---- the identifiers that must match the demo registry (fixtures/demo/registry.json) --------------
export const DEMO_BH_IDS = {
  /** Prairie Community Mental Health Center (CMHC) */
  billingNpi: '1648123457',
  /** Samuel Okafor, LCSW (Prairie) */
  therapistNpi: '1204784908',
  /** Grace Kim, LCPC (Prairie) */
  communitySupportNpi: '1305895017',
  /** Luis Hernandez, RN (Prairie) */
  caseManagerNpi: '1406906127',
  /** Jordan Avery */
  recipientA: { medicaidId: '400112233', lastName: 'AVERY', firstName: 'JORDAN', birthDate: '1985-09-14' },
  /** Morgan Ellis */
  recipientB: { medicaidId: '400778899', lastName: 'PARKER', firstName: 'DREW', birthDate: '1999-04-04' },
} as const;
// ----------------------------------------------------------------------------------------------------

export function demoBhInput(): Write837Input {
  const ids = DEMO_BH_IDS;
  return {
    interchangeControl: '000004201',
    groupControl: '4201',
    created: '20260815',
    transactions: [
      {
        control: '0001',
        providers: [
          {
            npi: ids.billingNpi,
            name: 'PRAIRIE COMMUNITY MENTAL HEALTH CENTER',
            subscribers: [
              {
                ...ids.recipientA,
                gender: 'F',
                claims: [
                  {
                    claimId: 'PCMHC-260803-01',
                    diagnoses: ['F331', 'F411'],
                    renderingNpi: ids.therapistNpi,
                    lines: [
                      // therapy/counselling, 4 x 15 minutes, at the clinic
                      { procedureCode: 'H0004', units: 4, date: '2026-08-03', lineControl: 'PC-0803-1' },
                      // community support, 60 minutes, in the home, by another staff member
                      { procedureCode: 'H2015', unitBasis: 'MJ', units: 60, placeOfService: '12', date: '2026-08-04', renderingNpi: ids.communitySupportNpi, lineControl: 'PC-0804-1' },
                      // case management, 2 units, one-day RD8 range
                      { procedureCode: 'T1016', units: 2, date: ['2026-08-05', '2026-08-05'], renderingNpi: ids.caseManagerNpi, lineControl: 'PC-0805-1' },
                    ],
                  },
                ],
              },
              {
                ...ids.recipientB,
                gender: 'M',
                claims: [
                  {
                    claimId: 'PCMHC-260806-02',
                    frequencyCode: '1',
                    diagnoses: ['F909'],
                    renderingNpi: ids.therapistNpi,
                    lines: [
                      { procedureCode: 'H0004', modifiers: ['HQ'], units: 6, date: '2026-08-06', lineControl: 'PC-0806-1' },
                      { procedureCode: 'T1016', units: 3, date: '2026-08-07', renderingNpi: ids.caseManagerNpi, lineControl: 'PC-0807-1' },
                    ],
                  },
                  {
                    claimId: 'PCMHC-260710-03',
                    frequencyCode: '1',
                    diagnoses: ['F909'],
                    renderingNpi: ids.communitySupportNpi,
                    lines: [{ procedureCode: 'H2015', unitBasis: 'MJ', units: 30, placeOfService: '12', date: '2026-07-10', lineControl: 'PC-0710-1' }],
                  },
                ],
              },
            ],
          },
        ],
      },
    ],
  };
}

export function demoBh837(): string {
  return write837(demoBhInput());
}

if (require.main === module) process.stdout.write(demoBh837());
