/** The ${aggregate} aggregate, its events, commands and id; no framework type but the aggregate base. */
package ${package}.domain;
