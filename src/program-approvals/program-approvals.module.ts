import { Module } from '@nestjs/common';
import { registerDemoExtension } from '../demo/demo-loader';
import { loadProgramApprovalDemo } from './program-approvals.demo';
import { StaffModule } from '../staff/staff.module';
import { ProgramApprovalsController } from './program-approvals.controller';
import { ProgramApprovalsService } from './program-approvals.service';

@Module({ imports: [StaffModule], controllers: [ProgramApprovalsController], providers: [ProgramApprovalsService], exports: [ProgramApprovalsService] })
export class ProgramApprovalsModule {}

registerDemoExtension(loadProgramApprovalDemo);
