import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiAuthenticated, ApiProblems, PageOf } from '../common/openapi';
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
@ApiAuthenticated()
@ApiProblems(400)
@Controller('recipients')
export class RecipientsController {
  constructor(private readonly recipients: RecipientsService) {}

  @Post()
  @Roles('BILLING', 'CLINICAL_DIRECTOR')
  @ApiOperation({ summary: 'Register a recipient (Medicaid ID, birth date) for the providers serving them' })
  @ApiAnswer(201, RecipientView, { description: 'Registered, or (same Medicaid ID, birth date and name as a person another provider serves) linked to the key\'s providers' })
  @ApiProblems(413, { status: 409, description: 'The Medicaid ID is already registered for the key\'s providers, or is registered with another name or birth date' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateRecipientDto): Promise<RecipientView> {
    return this.recipients.create(actor, dto);
  }

  @Get()
  @Roles('BILLING', 'CLINICAL_DIRECTOR')
  @ApiOperation({ summary: "List recipients of this key's providers (paged, filterable)" })
  @ApiAnswer(200, PageOf(RecipientView))
  list(@CurrentActor() actor: Actor, @Query() q: RecipientListQuery): Promise<Page<RecipientView>> {
    return this.recipients.list(actor, q);
  }

  @Post('lookup')
  @HttpCode(200)
  @Roles('BILLING', 'CLINICAL_DIRECTOR')
  @ApiOperation({ summary: "Find a recipient of this key's providers by Medicaid ID, sent in the body so it stays out of URLs and logs; 404 if none" })
  @ApiAnswer(200, RecipientView)
  @ApiProblems(404, 413)
  lookup(@CurrentActor() actor: Actor, @Body() dto: RecipientLookupDto): Promise<RecipientView> {
    return this.recipients.lookup(actor, dto.medicaidId);
  }

  @Get(':id')
  @Roles('BILLING', 'CLINICAL_DIRECTOR')
  @ApiAnswer(200, RecipientView)
  @ApiProblems(404)
  get(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string): Promise<RecipientView> {
    return this.recipients.get(actor, id);
  }

  @Patch(':id')
  @Roles('BILLING', 'CLINICAL_DIRECTOR')
  @ApiAnswer(200, RecipientView)
  @ApiProblems(404, 409, 413)
  update(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string, @Body() dto: UpdateRecipientDto): Promise<RecipientView> {
    return this.recipients.update(actor, id, dto);
  }

  @Get(':id/assessments')
  @Roles('BILLING', 'CLINICAL_DIRECTOR')
  @ApiAnswer(200, [AssessmentView])
  @ApiProblems(404)
  async assessments(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string): Promise<AssessmentView[]> {
    return (await this.recipients.get(actor, id)).assessments;
  }

  @Post(':id/assessments')
  @Roles('CLINICAL_DIRECTOR')
  @ApiOperation({ summary: 'Record an Assessment Report (140.453(d)(1)(A))' })
  @ApiAnswer(201, AssessmentView)
  @ApiProblems(404, 413)
  addAssessment(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string, @Body() dto: CreateAssessmentDto): Promise<AssessmentView> {
    return this.recipients.addAssessment(actor, id, dto);
  }

  @Patch(':id/assessments/:assessmentId')
  @Roles('CLINICAL_DIRECTOR')
  @ApiAnswer(200, AssessmentView)
  @ApiProblems(404, 413)
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
  @ApiAnswer(200, [TreatmentPlanView])
  @ApiProblems(404)
  async plans(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string): Promise<TreatmentPlanView[]> {
    return (await this.recipients.get(actor, id)).treatmentPlans;
  }

  @Post(':id/treatment-plans')
  @Roles('CLINICAL_DIRECTOR')
  @ApiOperation({ summary: 'Record a Treatment Plan (140.453(d)(1)(B))' })
  @ApiAnswer(201, TreatmentPlanView)
  @ApiProblems(404, 413)
  addTreatmentPlan(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string, @Body() dto: CreateTreatmentPlanDto): Promise<TreatmentPlanView> {
    return this.recipients.addTreatmentPlan(actor, id, dto);
  }

  @Patch(':id/treatment-plans/:planId')
  @Roles('CLINICAL_DIRECTOR')
  @ApiAnswer(200, TreatmentPlanView)
  @ApiProblems(404, 413)
  updateTreatmentPlan(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidParam()) id: string,
    @Param('planId', new UuidParam('planId')) planId: string,
    @Body() dto: UpdateTreatmentPlanDto,
  ): Promise<TreatmentPlanView> {
    return this.recipients.updateTreatmentPlan(actor, id, planId, dto);
  }
}
