package io.clusterboot.demo.store.api;

import java.math.BigDecimal;

import io.clusterboot.demo.store.catalog.Product;

/**
 * A product as the JSON API shows it.
 *
 * @param id the id
 * @param sku the stock-keeping unit
 * @param name the name
 * @param description the description
 * @param price the price
 * @param stock the quantity in stock
 * @param category the slug of its category
 * @author ClusterBoot team
 */
record ProductJson(long id, String sku, String name, String description, BigDecimal price, int stock,
		String category) {

	static ProductJson of(Product product) {
		return new ProductJson(product.getId(), product.getSku(), product.getName(), product.getDescription(),
				product.getPrice(), product.getStock(), product.getCategory().getSlug());
	}

}
