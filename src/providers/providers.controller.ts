import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { UuidParam } from '../common/validation';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import type { Page } from '../common/paging';
import { CreateProviderDto, ProviderListQuery, ProviderView, UpdateProviderDto } from './provider.dto';
import { ProvidersService } from './providers.service';

@ApiTags('providers')
@ApiBearerAuth()
@Controller('providers')
export class ProvidersController {
  constructor(private readonly providers: ProvidersService) {}

  @Post()
  @Roles('ADMIN')
  @ApiOperation({ summary: 'Register a provider (CMHC, BHC or IP, 140.452(a))' })
  @ApiCreatedResponse({ type: ProviderView })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateProviderDto): Promise<ProviderView> {
    return this.providers.create(actor, dto);
  }

  @Get()
  @Roles('BILLING', 'CLINICAL_DIRECTOR', 'REVIEWER')
  @ApiOperation({ summary: 'List the providers this key may see (paged, filterable)' })
  list(@CurrentActor() actor: Actor, @Query() q: ProviderListQuery): Promise<Page<ProviderView>> {
    return this.providers.list(actor, q);
  }

  @Get(':id')
  @Roles('BILLING', 'CLINICAL_DIRECTOR', 'REVIEWER')
  @ApiOkResponse({ type: ProviderView })
  get(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string): Promise<ProviderView> {
    return this.providers.get(actor, id);
  }

  @Patch(':id')
  @Roles('ADMIN')
  @ApiOperation({ summary: 'Change a provider (enrollment periods, encounter-rate status...)' })
  @ApiOkResponse({ type: ProviderView })
  update(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string, @Body() dto: UpdateProviderDto): Promise<ProviderView> {
    return this.providers.update(actor, id, dto);
  }
}
