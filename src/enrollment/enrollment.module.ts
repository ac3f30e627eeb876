import { Module } from '@nestjs/common';
import { registerDemoExtension } from '../demo/demo-loader';
import { StaffModule } from '../staff/staff.module';
import { EnrollmentDeadlines } from './enrollment-deadlines';
import { EnrollmentController } from './enrollment.controller';
import { loadEnrollmentDemo } from './enrollment.demo';
import { EnrollmentService } from './enrollment.service';

/** Enrollment of a provider (140.452(a), 140.499, Table O): the check, its evidence, background checks, and the evidence deadlines on the board. */
@Module({ imports: [StaffModule], controllers: [EnrollmentController], providers: [EnrollmentService, EnrollmentDeadlines], exports: [EnrollmentService] })
export class EnrollmentModule {}

registerDemoExtension(loadEnrollmentDemo);
