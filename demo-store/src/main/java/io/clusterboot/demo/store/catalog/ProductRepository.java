package io.clusterboot.demo.store.catalog;

import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.EntityGraph;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/**
 * The products of the catalog. The finders that feed pages fetch the category with the
 * product, since views render outside the transaction.
 *
 * @author ClusterBoot team
 */
public interface ProductRepository extends JpaRepository<Product, Long> {

	@EntityGraph(attributePaths = "category")
	Page<Product> findByActiveTrue(Pageable pageable);

	@EntityGraph(attributePaths = "category")
	Page<Product> findByActiveTrueAndCategorySlug(String slug, Pageable pageable);

	@EntityGraph(attributePaths = "category")
	@Query(value = """
			select p from Product p
			where p.active = true
			  and (lower(p.name) like lower(concat('%', :text, '%'))
			    or lower(p.description) like lower(concat('%', :text, '%')))
			""", countQuery = """
			select count(p) from Product p
			where p.active = true
			  and (lower(p.name) like lower(concat('%', :text, '%'))
			    or lower(p.description) like lower(concat('%', :text, '%')))
			""")
	Page<Product> search(@Param("text") String text, Pageable pageable);

	@Query("select p from Product p join fetch p.category where p.id = :id and p.active = true")
	Optional<Product> findDetailsById(@Param("id") long id);

	@Query("select p from Product p where p.active = true and p.stock <= :threshold order by p.stock, p.name")
	List<Product> findLowOnStock(@Param("threshold") int threshold);

}
