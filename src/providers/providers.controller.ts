import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { UuidParam } from '../common/validation';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiAuthenticated, ApiProblems, PageOf } from '../common/openapi';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import type { Page } from '../common/paging';
import { CreateProviderDto, ProviderListQuery, ProviderView, UpdateProviderDto } from './provider.dto';
import { ProvidersService } from './providers.service';

@ApiTags('providers')
@ApiAuthenticated()
@ApiProblems(400)
@Controller('providers')
export class ProvidersController {
  constructor(private readonly providers: ProvidersService) {}

  @Post()
  @Roles('ADMIN')
  @ApiOperation({ summary: 'Register a provider (CMHC, BHC or IP, 140.452(a))' })
  @ApiAnswer(201, ProviderView)
  @ApiProblems(413, { status: 409, description: 'A provider with this NPI is already registered' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateProviderDto): Promise<ProviderView> {
    return this.providers.create(actor, dto);
  }

  @Get()
  @Roles('BILLING', 'CLINICAL_DIRECTOR', 'REVIEWER')
  @ApiOperation({ summary: 'List the providers this key may see (paged, filterable)' })
  @ApiAnswer(200, PageOf(ProviderView))
  list(@CurrentActor() actor: Actor, @Query() q: ProviderListQuery): Promise<Page<ProviderView>> {
    return this.providers.list(actor, q);
  }

  @Get(':id')
  @Roles('BILLING', 'CLINICAL_DIRECTOR', 'REVIEWER')
  @ApiAnswer(200, ProviderView)
  @ApiProblems(404)
  get(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string): Promise<ProviderView> {
    return this.providers.get(actor, id);
  }

  @Patch(':id')
  @Roles('ADMIN')
  @ApiOperation({ summary: 'Change a provider (enrollment periods, encounter-rate status...)' })
  @ApiAnswer(200, ProviderView)
  @ApiProblems(404, 409, 413)
  update(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string, @Body() dto: UpdateProviderDto): Promise<ProviderView> {
    return this.providers.update(actor, id, dto);
  }
}
