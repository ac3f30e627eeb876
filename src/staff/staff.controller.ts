import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiAuthenticated, ApiProblems, PageOf } from '../common/openapi';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import type { Page } from '../common/paging';
import { UuidParam } from '../common/validation';
import { CreateStaffDto, StaffListQuery, StaffView, UpdateStaffDto } from './staff.dto';
import { StaffService } from './staff.service';

@ApiTags('staff')
@ApiAuthenticated()
@ApiProblems(400)
@Controller('staff')
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @Post()
  @Roles('CLINICAL_DIRECTOR')
  @ApiOperation({ summary: 'Register a staff member of a provider with the facts 140.453(b) needs' })
  @ApiAnswer(201, StaffView)
  @ApiProblems(413)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateStaffDto): Promise<StaffView> {
    return this.staff.create(actor, dto);
  }

  @Get()
  @Roles('BILLING', 'CLINICAL_DIRECTOR', 'REVIEWER')
  @ApiOperation({ summary: 'List staff of the providers this key may see (paged, filterable)' })
  @ApiAnswer(200, PageOf(StaffView))
  list(@CurrentActor() actor: Actor, @Query() q: StaffListQuery): Promise<Page<StaffView>> {
    return this.staff.list(actor, q);
  }

  @Get(':id')
  @Roles('BILLING', 'CLINICAL_DIRECTOR', 'REVIEWER')
  @ApiAnswer(200, StaffView)
  @ApiProblems(404)
  get(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string): Promise<StaffView> {
    return this.staff.get(actor, id);
  }

  @Patch(':id')
  @Roles('CLINICAL_DIRECTOR')
  @ApiOperation({ summary: 'Change a staff member; end employment by setting endDate (history is never deleted)' })
  @ApiAnswer(200, StaffView)
  @ApiProblems(404, 413)
  update(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string, @Body() dto: UpdateStaffDto): Promise<StaffView> {
    return this.staff.update(actor, id, dto);
  }
}
