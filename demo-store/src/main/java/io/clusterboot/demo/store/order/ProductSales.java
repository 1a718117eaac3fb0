package io.clusterboot.demo.store.order;

import java.math.BigDecimal;

/**
 * How much of a product was sold.
 *
 * @param productId the id of the product
 * @param name the name of the product
 * @param quantity the quantity sold
 * @param revenue what it was sold for
 * @author ClusterBoot team
 */
public record ProductSales(Long productId, String name, Long quantity, BigDecimal revenue) {

}
