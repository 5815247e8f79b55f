import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';

@ObjectType('BalanceCheck', { description: "A statement's opening balance plus its entries against its closing balance (minor units)" })
export class BalanceCheckModel {
  @Field() statementId!: string;
  @Field() account!: string;
  @Field() currency!: string;
  @Field() ok!: boolean;
  @Field() openingMinor!: string;
  @Field() creditsMinor!: string;
  @Field() debitsMinor!: string;
  @Field({ description: 'opening + credits − debits' }) expectedClosingMinor!: string;
  @Field() closingMinor!: string;
  @Field({ description: 'closing − expected' }) differenceMinor!: string;
}

@ObjectType('BankImportSummary', { description: 'What an import of a bank statement file did' })
export class BankImportSummaryModel {
  @Field(() => ID, { nullable: true, description: 'null when nothing was imported' }) importId!: string | null;
  @Field() imported!: boolean;
  @Field({ description: "a statement's balance does not add up: import again with confirm to take it as it is" })
  needsConfirmation!: boolean;
  @Field() fileName!: string;
  @Field({ description: 'camt.053 or coda' }) format!: string;
  @Field() version!: string;
  @Field(() => Int) statements!: number;
  @Field(() => Int, { description: 'every entry read' }) entries!: number;
  @Field(() => Int, { description: 'new credits' }) credits!: number;
  @Field(() => Int, { description: 'new debits, recorded for reconciliation' }) debits!: number;
  @Field(() => Int, { description: 'new credits recorded as the payment of the case their reference names' }) matched!: number;
  @Field(() => Int, { description: 'new credits in the queue with suggestions' }) suggested!: number;
  @Field(() => Int, { description: 'new credits in the queue without' }) unmatched!: number;
  @Field(() => Int, { description: 'entries imported before (the same or an overlapping statement)' }) duplicates!: number;
  @Field(() => Int, { description: "new debits the bank marks as reversing a case's credit: that payment undone" }) reversed!: number;
  @Field() balanceOk!: boolean;
  @Field(() => [BalanceCheckModel]) balanceChecks!: BalanceCheckModel[];
}

@ObjectType('BankEntrySuggestion', { description: 'A case a credit may be for, with the reasons' })
export class BankEntrySuggestionModel {
  @Field(() => ID) caseId!: string;
  @Field() caseNumber!: string;
  @Field() debtorName!: string;
  @Field() openMinor!: string;
  @Field() currency!: string;
  @Field(() => Int) score!: number;
  @Field(() => [String]) reasons!: string[];
}

@ObjectType('BankEntry', { description: "A credit on the agency's account, as the bank stated it" })
export class BankEntryModel {
  @Field(() => ID) id!: string;
  @Field() bookingDate!: string;
  @Field(() => String, { nullable: true }) valueDate!: string | null;
  @Field() amountMinor!: string;
  @Field() currency!: string;
  @Field(() => String, { nullable: true }) counterpartyName!: string | null;
  @Field(() => String, { nullable: true }) counterpartyIban!: string | null;
  @Field(() => String, { nullable: true, description: 'the structured reference (OGM digits or RF), when it had one' }) reference!:
    string | null;
  @Field(() => String, { nullable: true }) remittanceText!: string | null;
  @Field(() => String, { nullable: true, description: 'why its reference matched no open case, or the decision’s reason' }) why!:
    string | null;
  @Field({ description: 'unmatched, assigned, not_ours or to_return' }) status!: string;
  @Field(() => [BankEntrySuggestionModel], { description: 'best first; only cases the caller works' })
  suggestions!: BankEntrySuggestionModel[];
}

@InputType('ImportBankStatementInput', {
  description: 'A CAMT.053 or CODA 2 file (the format is read from its content), as base64 or as text',
})
export class ImportBankStatementInput {
  @Field() @IsString() @MaxLength(255) fileName!: string;
  @Field(() => String, { nullable: true, description: 'the file, base64-encoded' }) @IsOptional() @IsString() contentBase64?: string | null;
  @Field(() => String, { nullable: true, description: 'or the file as text (UTF-8)' }) @IsOptional() @IsString() contentText?:
    string | null;
  @Field({ nullable: true, defaultValue: false, description: "import even when a statement's balance does not add up" })
  @IsOptional()
  @IsBoolean()
  confirm?: boolean;
}
