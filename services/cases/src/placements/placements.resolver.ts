import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { DomainError } from '@amicus/errors';
import { GqlContext, requireIdentity, requireRole } from '@amicus/service-runtime';
import {
  ColumnMappingInput,
  ColumnMappingModel,
  PlaceClaimsInput,
  PlacementFileInput,
  PlacementPreviewModel,
  PlacementReportModel,
  PreviewPlacementInput,
} from './placement.model';
import { mappingFromWire } from './placement-input';
import { PlacementsService } from './placements.service';

const MAX_FILE_BYTES = 20 * 1024 * 1024;

function decode(base64: string): Buffer {
  const content = Buffer.from(base64, 'base64');
  if (!content.length) throw DomainError.invalid([{ field: 'input.contentBase64', reason: 'is empty or not base64' }]);
  if (content.length > MAX_FILE_BYTES)
    throw DomainError.invalid([{ field: 'input.contentBase64', reason: 'is over 20 MB: import large files with `npx amicus import`' }]);
  return content;
}

@Resolver()
export class PlacementsResolver {
  constructor(private readonly placements: PlacementsService) {}

  @Mutation(() => PlacementReportModel, { description: 'Place a list of claims for a client (and brand)' })
  placeClaims(@Args('input') input: PlaceClaimsInput, @Context() ctx: GqlContext) {
    const who = requireRole(ctx, 'agency_admin', 'client_user');
    return this.placements.placeClaims(who, input, ctx.correlationId);
  }

  @Mutation(() => PlacementReportModel, {
    description: 'Import a placement file (CSV or XLSX, base64): good rows import, bad rows are reported',
  })
  importPlacementFile(@Args('input') input: PlacementFileInput, @Context() ctx: GqlContext) {
    const who = requireRole(ctx, 'agency_admin', 'client_user');
    return this.placements.importFile(
      who,
      { ...input, content: decode(input.contentBase64), mapping: input.mapping ? mappingFromWire(input.mapping) : null },
      ctx.correlationId,
    );
  }

  @Query(() => PlacementPreviewModel, {
    description: 'The first rows of a file as they will be read, and the mapping used; writes nothing',
  })
  previewPlacementFile(@Args('input') input: PreviewPlacementInput, @Context() ctx: GqlContext) {
    const who = requireRole(ctx, 'agency_admin', 'client_user');
    return this.placements.preview(who, {
      ...input,
      content: decode(input.contentBase64),
      mapping: input.mapping ? mappingFromWire(input.mapping) : null,
    });
  }

  @Query(() => PlacementReportModel, { nullable: true })
  placement(@Args('id', { type: () => ID }) id: string, @Context() ctx: GqlContext) {
    return this.placements.placement(requireIdentity(ctx), id);
  }

  @Query(() => ColumnMappingModel, { nullable: true, description: "The client's saved column mapping" })
  columnMapping(@Args('clientId', { type: () => ID }) clientId: string, @Context() ctx: GqlContext) {
    return this.placements.columnMapping(requireIdentity(ctx), clientId);
  }

  @Mutation(() => ColumnMappingModel, { description: "Save a client's column mapping for its next files" })
  saveColumnMapping(
    @Args('clientId', { type: () => ID }) clientId: string,
    @Args('mapping') mapping: ColumnMappingInput,
    @Context() ctx: GqlContext,
  ) {
    const who = requireRole(ctx, 'agency_admin', 'client_user');
    return this.placements.saveColumnMapping(who, clientId, mappingFromWire(mapping));
  }
}
