package io.clusterboot.demo.store.cart;

import java.math.BigDecimal;

import io.clusterboot.demo.store.catalog.Product;

/**
 * A line of the cart as its page shows it: the product as the catalog has it now.
 *
 * @param product the product
 * @param quantity the quantity
 * @author ClusterBoot team
 */
public record CartItem(Product product, int quantity) {

	/**
	 * What this line comes to at the product's current price.
	 * @return the amount
	 */
	public BigDecimal amount() {
		return this.product.getPrice().multiply(BigDecimal.valueOf(this.quantity));
	}

}
