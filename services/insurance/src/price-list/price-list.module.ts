import { Module } from '@nestjs/common';
import { DemoPriceListSeed } from './demo-price-list.seed';
import { PriceListController } from './price-list.controller';
import { PriceListRepository } from './price-list.repository';
import { PriceListService } from './price-list.service';

/** Each site's price per appointment type: what estimates and Good Faith Estimates price with (until billing's fee schedule). */
@Module({
  controllers: [PriceListController],
  providers: [PriceListRepository, PriceListService, DemoPriceListSeed],
  exports: [PriceListService],
})
export class PriceListModule {}
