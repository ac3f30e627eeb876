import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import type { Page } from '../common/paging';
import { UuidParam } from '../common/validation';
import {
  AssessmentView,
  CreateAssessmentDto,
  CreateRecipientDto,
  CreateTreatmentPlanDto,
  RecipientListQuery,
  RecipientLookupDto,
  RecipientView,
  TreatmentPlanView,
  UpdateAssessmentDto,
  UpdateRecipientDto,
  UpdateTreatmentPlanDto,
} from './recipient.dto';
import { RecipientsService } from './recipients.service';

@ApiTags('recipients')
@ApiBearerAuth()
@Controller('recipients')
export class RecipientsController {
  constructor(private readonly recipients: RecipientsService) {}

  @Post()
  @Roles('BILLING', 'CLINICAL_DIRECTOR')
  @ApiOperation({ summary: 'Register a recipient (Medicaid ID, birth date) for the providers serving them' })
  @ApiCreatedResponse({ type: RecipientView })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateRecipientDto): Promise<RecipientView> {
    return this.recipients.create(actor, dto);
  }

  @Get()
  @Roles('BILLING', 'CLINICAL_DIRECTOR')
  @ApiOperation({ summary: "List recipients of this key's providers (paged, filterable)" })
  list(@CurrentActor() actor: Actor, @Query() q: RecipientListQuery): Promise<Page<RecipientView>> {
    return this.recipients.list(actor, q);
  }

  @Post('lookup')
  @HttpCode(200)
  @Roles('BILLING', 'CLINICAL_DIRECTOR')
  @ApiOperation({ summary: "Find a recipient of this key's providers by Medicaid ID, sent in the body so it stays out of URLs and logs; 404 if none" })
  @ApiOkResponse({ type: RecipientView })
  lookup(@CurrentActor() actor: Actor, @Body() dto: RecipientLookupDto): Promise<RecipientView> {
    return this.recipients.lookup(actor, dto.medicaidId);
  }

  @Get(':id')
  @Roles('BILLING', 'CLINICAL_DIRECTOR')
  @ApiOkResponse({ type: RecipientView })
  get(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string): Promise<RecipientView> {
    return this.recipients.get(actor, id);
  }

  @Patch(':id')
  @Roles('BILLING', 'CLINICAL_DIRECTOR')
  @ApiOkResponse({ type: RecipientView })
  update(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string, @Body() dto: UpdateRecipientDto): Promise<RecipientView> {
    return this.recipients.update(actor, id, dto);
  }

  @Get(':id/assessments')
  @Roles('BILLING', 'CLINICAL_DIRECTOR')
  @ApiOkResponse({ type: [AssessmentView] })
  async assessments(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string): Promise<AssessmentView[]> {
    return (await this.recipients.get(actor, id)).assessments;
  }

  @Post(':id/assessments')
  @Roles('CLINICAL_DIRECTOR')
  @ApiOperation({ summary: 'Record an Assessment Report (140.453(d)(1)(A))' })
  @ApiCreatedResponse({ type: AssessmentView })
  addAssessment(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string, @Body() dto: CreateAssessmentDto): Promise<AssessmentView> {
    return this.recipients.addAssessment(actor, id, dto);
  }

  @Patch(':id/assessments/:assessmentId')
  @Roles('CLINICAL_DIRECTOR')
  @ApiOkResponse({ type: AssessmentView })
  updateAssessment(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidParam()) id: string,
    @Param('assessmentId', new UuidParam('assessmentId')) assessmentId: string,
    @Body() dto: UpdateAssessmentDto,
  ): Promise<AssessmentView> {
    return this.recipients.updateAssessment(actor, id, assessmentId, dto);
  }

  @Get(':id/treatment-plans')
  @Roles('BILLING', 'CLINICAL_DIRECTOR')
  @ApiOkResponse({ type: [TreatmentPlanView] })
  async plans(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string): Promise<TreatmentPlanView[]> {
    return (await this.recipients.get(actor, id)).treatmentPlans;
  }

  @Post(':id/treatment-plans')
  @Roles('CLINICAL_DIRECTOR')
  @ApiOperation({ summary: 'Record a Treatment Plan (140.453(d)(1)(B))' })
  @ApiCreatedResponse({ type: TreatmentPlanView })
  addTreatmentPlan(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string, @Body() dto: CreateTreatmentPlanDto): Promise<TreatmentPlanView> {
    return this.recipients.addTreatmentPlan(actor, id, dto);
  }

  @Patch(':id/treatment-plans/:planId')
  @Roles('CLINICAL_DIRECTOR')
  @ApiOkResponse({ type: TreatmentPlanView })
  updateTreatmentPlan(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidParam()) id: string,
    @Param('planId', new UuidParam('planId')) planId: string,
    @Body() dto: UpdateTreatmentPlanDto,
  ): Promise<TreatmentPlanView> {
    return this.recipients.updateTreatmentPlan(actor, id, planId, dto);
  }
}
