package io.clusterboot.demo.store.order;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.EntityGraph;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/**
 * The orders of the store, and the sales figures computed from them.
 *
 * @author ClusterBoot team
 */
public interface OrderRepository extends JpaRepository<PurchaseOrder, Long> {

	@EntityGraph(attributePaths = "customer")
	Page<PurchaseOrder> findByCustomerUsernameOrderByPlacedAtDesc(String username, Pageable pageable);

	@Query("""
			select distinct o from PurchaseOrder o
			join fetch o.customer
			join fetch o.lines l
			join fetch l.product
			where o.id = :id
			""")
	Optional<PurchaseOrder> findDetailsById(@Param("id") long id);

	@Query("""
			select new io.clusterboot.demo.store.order.ProductSales(p.id, p.name, sum(l.quantity),
					sum(l.unitPrice * l.quantity))
			from OrderLine l join l.product p join l.order o
			where o.status <> io.clusterboot.demo.store.order.OrderStatus.CANCELLED
			group by p.id, p.name
			order by sum(l.quantity) desc, p.name
			""")
	List<ProductSales> findBestSellers(Limit limit);

	@Query("""
			select new io.clusterboot.demo.store.order.SalesSummary(:since, count(o), coalesce(sum(o.total), 0))
			from PurchaseOrder o
			where o.placedAt >= :since and o.status <> io.clusterboot.demo.store.order.OrderStatus.CANCELLED
			""")
	SalesSummary summarizeSince(@Param("since") Instant since);

}
