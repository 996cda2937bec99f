import { Injectable } from '@nestjs/common';
import type { BodyDto, RefDto, ReviewDto, SdgTargetRefDto, SubAxisRefDto } from './dto/reference.dto.js';
import { toBodyDto, toRefDto, toReviewDto, toSdgTargetRefDto, toSubAxisRefDto } from './dto/reference.mapper.js';
import { ReferenceRepository, type LabelledList } from './reference.repository.js';

/** Reference data, the same for every caller (no institution scope). */
@Injectable()
export class ReferenceService {
  constructor(private readonly reference: ReferenceRepository) {}

  async bodies(): Promise<BodyDto[]> {
    return (await this.reference.listBodies()).map(toBodyDto);
  }

  async reviews(): Promise<ReviewDto[]> {
    return (await this.reference.listReviews()).map(toReviewDto);
  }

  /** Themes, affected persons, SDG goals, axes or countries. */
  async labelled(list: LabelledList): Promise<RefDto[]> {
    return (await this.reference.listLabelled(list)).map(toRefDto);
  }

  async sdgTargets(): Promise<SdgTargetRefDto[]> {
    return (await this.reference.listSdgTargets()).map(toSdgTargetRefDto);
  }

  async subAxes(): Promise<SubAxisRefDto[]> {
    return (await this.reference.listSubAxes()).map(toSubAxisRefDto);
  }
}
