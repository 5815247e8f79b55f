import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
  ArrayMaxSize,
  ArrayMinSize,
} from 'class-validator';
import { Type } from 'class-transformer';
import { targetFields } from './column-mapping';

@ObjectType('PlacementIssue', {
  description:
    'A rejected row (line, field, reason), a known invoice placed with another amount, or a bad e-mail or phone left out of the debtor',
})
export class PlacementIssueModel {
  @Field({ description: 'rejected, changed_amount or warning (a contact detail left out; the row is not refused for it)' }) kind!: string;
  @Field(() => Int) line!: number;
  @Field() field!: string;
  @Field() reason!: string;
}

@ObjectType('PlacementReport', { description: 'What a placement did' })
export class PlacementReportModel {
  @Field(() => ID) placementId!: string;
  @Field(() => ID) clientId!: string;
  @Field(() => ID) brandId!: string;
  @Field(() => Int) rowsRead!: number;
  @Field(() => Int) imported!: number;
  @Field(() => Int) rejected!: number;
  @Field(() => Int) casesOpened!: number;
  @Field(() => Int) casesExtended!: number;
  @Field(() => Int, { description: 'known invoices placed again with the same amount: skipped' }) duplicates!: number;
  @Field(() => Int, { description: 'known invoices placed again with another amount: reported, not applied' }) conflicts!: number;
  @Field(() => Int, { description: 'bad e-mail addresses and phone numbers left out of the debtors (issues of kind warning)' })
  warnings!: number;
  @Field(() => [PlacementIssueModel], { description: 'the first 1000 issues, by line' }) issues!: PlacementIssueModel[];
}

@ObjectType('ColumnAssignment')
export class ColumnAssignmentModel {
  @Field({ description: targetFields.join(', ') }) field!: string;
  @Field({ description: "the file's column header" }) column!: string;
}

@ObjectType('ColumnMapping', { description: "Which column of a client's file holds which field of a claim" })
export class ColumnMappingModel {
  @Field(() => [ColumnAssignmentModel]) columns!: ColumnAssignmentModel[];
  @Field(() => String, { nullable: true }) decimalSeparator!: string | null;
  @Field(() => String, { nullable: true }) defaultCurrency!: string | null;
  @Field(() => String, { nullable: true }) defaultCountry!: string | null;
  @Field(() => String, { nullable: true }) defaultKind!: string | null;
  @Field(() => String, { nullable: true }) defaultLanguage!: string | null;
}

@ObjectType('PlacementPreviewRow')
export class PlacementPreviewRowModel {
  @Field(() => Int) line!: number;
  @Field() ok!: boolean;
  @Field(() => String, { nullable: true, description: 'the row as it will be read (JSON), when valid' }) row!: string | null;
  @Field(() => [PlacementIssueModel], { description: 'why the row would be rejected' }) errors!: PlacementIssueModel[];
  @Field(() => [PlacementIssueModel], {
    description: 'contact details the row would leave out (a bad e-mail or phone); the row is not refused for them',
  })
  warnings!: PlacementIssueModel[];
}

@ObjectType('PlacementPreview', { description: 'The first rows of a file as they will be read; nothing is written' })
export class PlacementPreviewModel {
  @Field(() => [String]) header!: string[];
  @Field(() => ColumnMappingModel) mapping!: ColumnMappingModel;
  @Field({ description: 'given, saved (for this client) or suggested (from the header)' }) mappingSource!: string;
  @Field(() => [PlacementIssueModel], { description: 'what stops this mapping from being used on this file' })
  mappingProblems!: PlacementIssueModel[];
  @Field(() => [String]) unmappedColumns!: string[];
  @Field(() => [PlacementPreviewRowModel]) rows!: PlacementPreviewRowModel[];
}

@InputType()
export class ColumnAssignmentInput {
  @Field() @IsIn(targetFields) field!: string;
  @Field() @IsString() @MaxLength(200) column!: string;
}

@InputType()
export class ColumnMappingInput {
  @Field(() => [ColumnAssignmentInput])
  @ValidateNested({ each: true })
  @Type(() => ColumnAssignmentInput)
  columns!: ColumnAssignmentInput[];
  @Field(() => String, { nullable: true }) @IsOptional() @IsIn([',', '.']) decimalSeparator?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() defaultCurrency?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() defaultCountry?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsIn(['consumer', 'business']) defaultKind?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() defaultLanguage?: string | null;
}

@InputType()
export class PlacementFileInput {
  @Field(() => ID) @IsUUID() clientId!: string;
  @Field(() => ID, { nullable: true, description: "the placement's brand; default: the client's first brand" })
  @IsOptional()
  @IsUUID()
  brandId?: string | null;
  @Field() @IsString() @MaxLength(255) fileName!: string;
  @Field({ description: 'the file (CSV or XLSX), base64-encoded' }) @IsString() contentBase64!: string;
  @Field(() => ColumnMappingInput, {
    nullable: true,
    description: "default: the client's saved mapping, else one suggested from the header",
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ColumnMappingInput)
  mapping?: ColumnMappingInput | null;
  @Field({ nullable: true, description: "save the mapping as the client's (it is saved anyway on the first upload)" })
  @IsOptional()
  @IsBoolean()
  saveMapping?: boolean;
}

@InputType()
export class PreviewPlacementInput extends PlacementFileInput {
  @Field(() => Int, { nullable: true, defaultValue: 10 }) @IsOptional() @IsInt() @Min(1) @Max(100) rows?: number;
}

@InputType({ description: 'One claim placed through the API; the same fields a file row has' })
export class PlacedClaimInput {
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() clientDebtorReference?: string | null;
  @Field() @IsString() debtorName!: string;
  @Field(() => String, { nullable: true, description: 'consumer or business' }) @IsOptional() @IsString() debtorKind?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() vatNumber?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() email?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() phone?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() addressLine1?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() addressLine2?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() postcode?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() city?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() country?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() language?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() debtorIban?: string | null;
  @Field() @IsString() invoiceNumber!: string;
  @Field({ description: 'yyyy-mm-dd' }) @IsString() issueDate!: string;
  @Field({ description: 'yyyy-mm-dd' }) @IsString() dueDate!: string;
  @Field({ description: 'decimal with a point, e.g. 1234.50' }) @IsString() amount!: string;
  @Field() @IsString() currency!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() description?: string | null;
  @Field({ nullable: true }) @IsOptional() @IsBoolean() interestClause?: boolean;
  @Field({ nullable: true }) @IsOptional() @IsBoolean() damagesClause?: boolean;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() firstReminderSentOn?: string | null;
}

@InputType()
export class PlaceClaimsInput {
  @Field(() => ID) @IsUUID() clientId!: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() brandId?: string | null;
  @Field(() => [PlacedClaimInput])
  @ArrayMinSize(1)
  @ArrayMaxSize(10000)
  @ValidateNested({ each: true })
  @Type(() => PlacedClaimInput)
  claims!: PlacedClaimInput[];
}
