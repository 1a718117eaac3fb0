package io.clusterboot.demo.store.ops;

import java.util.List;

import io.clusterboot.demo.store.catalog.CatalogService;
import io.clusterboot.demo.store.catalog.Product;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * Reports the products that are low on stock under {@code /actuator/health/inventory}.
 * Low stock is a business matter, not an outage: the indicator stays up.
 *
 * @author ClusterBoot team
 */
@Component
class InventoryHealthIndicator extends AbstractHealthIndicator {

	private final CatalogService catalog;

	InventoryHealthIndicator(CatalogService catalog) {
		super("Inventory check failed");
		this.catalog = catalog;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		List<Product> low = this.catalog.lowOnStock();
		builder.up()
			.withDetail("lowOnStock", low.size())
			.withDetail("products", low.stream().map((product) -> product.getSku() + "=" + product.getStock()).toList());
	}

}
