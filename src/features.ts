/** The feature modules, one per resource family. */
import { AuditLogModule } from './audit/audit-log.controller';
import { ApiKeysModule } from './auth/api-keys.module';
import { ClaimsModule } from './claims/claims.module';
import { CredentialsModule } from './credentials/credentials.module';
import { DeadlinesModule } from './deadlines/deadlines.module';
import { EnrollmentModule } from './enrollment/enrollment.module';
import { ProgramApprovalsModule } from './program-approvals/program-approvals.module';
import { ProvidersModule } from './providers/providers.module';
import { RecipientsModule } from './recipients/recipients.module';
import { SessionModule } from './session/session.module';
import { StaffModule } from './staff/staff.module';

export const FEATURE_MODULES = [ApiKeysModule, ProvidersModule, StaffModule, RecipientsModule, CredentialsModule, ProgramApprovalsModule, DeadlinesModule, EnrollmentModule, ClaimsModule, AuditLogModule, SessionModule];
