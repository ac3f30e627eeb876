import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsOptional, IsString, Length, ValidateIf, ValidateNested } from 'class-validator';
import { IsDateOnly, IsNpi } from '../common/validation';
import { PageQuery } from '../common/paging';
import { IP_KINDS, PROVIDER_TYPES, type IpKind, type ProviderType } from '../rules/vocabulary';

export class EnrollmentDto {
  @ApiProperty({ example: '2024-07-01', description: 'first day enrolled (140.452(b))' })
  @IsDateOnly()
  from!: string;

  @ApiProperty({ example: null, nullable: true, type: String, description: 'last day enrolled; null while open' })
  @ValidateIf((_, v) => v !== null)
  @IsDateOnly()
  to!: string | null;
}

export class CreateProviderDto {
  @ApiProperty({ example: 'Prairie Community Mental Health Center' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ example: '1234567893', description: '10 digits; the check digit is verified (Luhn over 80840 + the first nine digits)' })
  @IsNpi()
  npi!: string;

  @ApiProperty({ enum: PROVIDER_TYPES, description: '140.452(a)' })
  @IsIn(PROVIDER_TYPES)
  type!: ProviderType;

  @ApiPropertyOptional({ enum: IP_KINDS, nullable: true, description: 'required for an IP (140.452(a)(3))' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsIn(IP_KINDS)
  ipKind?: IpKind | null;

  @ApiPropertyOptional({ type: [EnrollmentDto], description: 'Medicaid enrollment periods, non-overlapping' })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => EnrollmentDto)
  enrollments?: EnrollmentDto[];

  @ApiPropertyOptional({ default: false, description: 'enrolled to bill at a behavioral health encounter rate (140.460(c))' })
  @IsOptional()
  @IsBoolean()
  encounterRateClinic?: boolean;
}

export class UpdateProviderDto extends PartialType(CreateProviderDto) {}

export class ProviderListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PROVIDER_TYPES })
  @IsOptional()
  @IsIn(PROVIDER_TYPES)
  type?: ProviderType;

  @ApiPropertyOptional({ description: 'part of the name, any case' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  npi?: string;
}

export class ProviderView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() npi!: string;
  @ApiProperty({ enum: PROVIDER_TYPES }) type!: ProviderType;
  @ApiProperty({ enum: IP_KINDS, nullable: true }) ipKind!: IpKind | null;
  @ApiProperty({ type: [EnrollmentDto] }) enrollments!: EnrollmentDto[];
  @ApiProperty() encounterRateClinic!: boolean;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiProperty() version!: number;
}
