import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import type { Page } from '../common/paging';
import { UuidParam } from '../common/validation';
import { CreateStaffDto, StaffListQuery, StaffView, UpdateStaffDto } from './staff.dto';
import { StaffService } from './staff.service';

@ApiTags('staff')
@ApiBearerAuth()
@Controller('staff')
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @Post()
  @Roles('CLINICAL_DIRECTOR')
  @ApiOperation({ summary: 'Register a staff member of a provider with the facts 140.453(b) needs' })
  @ApiCreatedResponse({ type: StaffView })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateStaffDto): Promise<StaffView> {
    return this.staff.create(actor, dto);
  }

  @Get()
  @Roles('BILLING', 'CLINICAL_DIRECTOR', 'REVIEWER')
  @ApiOperation({ summary: 'List staff of the providers this key may see (paged, filterable)' })
  list(@CurrentActor() actor: Actor, @Query() q: StaffListQuery): Promise<Page<StaffView>> {
    return this.staff.list(actor, q);
  }

  @Get(':id')
  @Roles('BILLING', 'CLINICAL_DIRECTOR', 'REVIEWER')
  @ApiOkResponse({ type: StaffView })
  get(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string): Promise<StaffView> {
    return this.staff.get(actor, id);
  }

  @Patch(':id')
  @Roles('CLINICAL_DIRECTOR')
  @ApiOperation({ summary: 'Change a staff member; end employment by setting endDate (history is never deleted)' })
  @ApiOkResponse({ type: StaffView })
  update(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string, @Body() dto: UpdateStaffDto): Promise<StaffView> {
    return this.staff.update(actor, id, dto);
  }
}
