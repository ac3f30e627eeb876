import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { registerDemoExtension } from '../demo/demo-loader';
import { StaffModule } from '../staff/staff.module';
import { ActTeamsController } from './act-teams.controller';
import { ActTeamsService } from './act-teams.service';
import { ProgramApprovalDeadlines } from './program-approval-deadlines';
import { loadProgramApprovalDemo } from './program-approvals.demo';
import { ProgramApprovalsController } from './program-approvals.controller';
import { ProgramApprovalsService } from './program-approvals.service';
import { ReadinessService } from './readiness.service';
import { loadTableNCalendar, TABLE_N_CALENDAR } from './table-n-config';

@Module({
  imports: [StaffModule],
  controllers: [ProgramApprovalsController, ActTeamsController],
  providers: [
    { provide: TABLE_N_CALENDAR, useFactory: (config: AppConfig) => loadTableNCalendar(config), inject: [APP_CONFIG] },
    ProgramApprovalsService,
    ProgramApprovalDeadlines,
    ReadinessService,
    ActTeamsService,
  ],
  exports: [ProgramApprovalsService, TABLE_N_CALENDAR],
})
export class ProgramApprovalsModule {}

registerDemoExtension(loadProgramApprovalDemo);
