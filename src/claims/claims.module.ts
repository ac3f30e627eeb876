import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { registerDemoExtension } from '../demo/demo-loader';
import { ProgramApprovalsModule } from '../program-approvals/program-approvals.module';
import { RecipientsModule } from '../recipients/recipients.module';
import { StaffModule } from '../staff/staff.module';
import { CapLedgerService } from './cap-ledger.service';
import { ClaimCheckSessions } from './claim-check.session';
import { ClaimContextLoader } from './claim-context.loader';
import { ClaimHistoryService } from './claim-history.service';
import { ClaimRecorder } from './claim-recorder.service';
import { ClaimsCsvService } from './claims-csv';
import { ClaimsController } from './claims.controller';
import { EligibleStaffController } from './eligible-staff.controller';
import { EligibleStaffService } from './eligible-staff.service';
import { loadUsageDemo } from './claims.demo';
import { ClaimsService } from './claims.service';
import { ExternalUsageService } from './external-usage.service';
import { RulesController } from './rules.controller';
import { RegistryCache } from './registry-cache';
import { loadRulesConfig, RULES_CONFIG } from './rules-config';
import { UsageController } from './usage.controller';
import { X12IntakeService } from './x12-intake.service';

@Module({
  imports: [StaffModule, RecipientsModule, ProgramApprovalsModule],
  controllers: [ClaimsController, UsageController, RulesController, EligibleStaffController],
  providers: [
    { provide: RULES_CONFIG, useFactory: (config: AppConfig) => loadRulesConfig(config), inject: [APP_CONFIG] },
    CapLedgerService,
    ClaimHistoryService,
    ClaimContextLoader,
    ClaimRecorder,
    RegistryCache,
    ClaimCheckSessions,
    ClaimsService,
    ClaimsCsvService,
    ExternalUsageService,
    X12IntakeService,
    EligibleStaffService,
  ],
  exports: [ClaimsService, ClaimCheckSessions, ClaimsCsvService, ClaimContextLoader, X12IntakeService, RULES_CONFIG],
})
export class ClaimsModule {}

registerDemoExtension(loadUsageDemo);
