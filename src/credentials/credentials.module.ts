import { Module } from '@nestjs/common';
import { StaffModule } from '../staff/staff.module';
import { CredentialsController } from './credentials.controller';
import { CredentialsService } from './credentials.service';

@Module({ imports: [StaffModule], controllers: [CredentialsController], providers: [CredentialsService], exports: [CredentialsService] })
export class CredentialsModule {}
