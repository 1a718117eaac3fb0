package io.clusterboot.demo.store;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the store.
 *
 * @param pageSize number of products on a page of the catalog
 * @param lowStockThreshold stock at or below which a product is reported as low on stock
 * @param bestSellers number of products in the best-seller lists
 * @param salesReportInterval how often the sales report is computed
 * @author ClusterBoot team
 */
@ConfigurationProperties("store")
public record StoreProperties(@DefaultValue("12") int pageSize, @DefaultValue("5") int lowStockThreshold,
		@DefaultValue("5") int bestSellers, @DefaultValue("1m") Duration salesReportInterval) {

}
