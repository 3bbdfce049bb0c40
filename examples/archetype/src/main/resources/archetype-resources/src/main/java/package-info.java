/** The ${context} bounded context: domain, command registration, read model and Guice module. */
package ${package};
