/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The modules compiled into nginx, in the order nginx's configure would
 * list them (core, events, http, then the filters from the last applied
 * to the first). The set is the one doc/servers.md names: static files,
 * directory indexes, access control, limits, maps, the proxy with its
 * balancers. Adding a module: its source to Makefile.uk, its name here.
 */
#include <ngx_config.h>
#include <ngx_core.h>

#define NGX_MODULE_LIST(X) \
	X(ngx_core_module) \
	X(ngx_errlog_module) \
	X(ngx_conf_module) \
	X(ngx_events_module) \
	X(ngx_event_core_module) \
	X(ngx_epoll_module) \
	X(ngx_http_module) \
	X(ngx_http_core_module) \
	X(ngx_http_log_module) \
	X(ngx_http_upstream_module) \
	X(ngx_http_static_module) \
	X(ngx_http_autoindex_module) \
	X(ngx_http_index_module) \
	X(ngx_http_try_files_module) \
	X(ngx_http_access_module) \
	X(ngx_http_limit_conn_module) \
	X(ngx_http_limit_req_module) \
	X(ngx_http_map_module) \
	X(ngx_http_proxy_module) \
	X(ngx_http_upstream_hash_module) \
	X(ngx_http_upstream_ip_hash_module) \
	X(ngx_http_upstream_least_conn_module) \
	X(ngx_http_upstream_random_module) \
	X(ngx_http_upstream_keepalive_module) \
	X(ngx_http_write_filter_module) \
	X(ngx_http_header_filter_module) \
	X(ngx_http_chunked_filter_module) \
	X(ngx_http_range_header_filter_module) \
	X(ngx_http_postpone_filter_module) \
	X(ngx_http_headers_filter_module) \
	X(ngx_http_copy_filter_module) \
	X(ngx_http_range_body_filter_module) \
	X(ngx_http_not_modified_filter_module)

#define DECLARE(m) extern ngx_module_t m;
NGX_MODULE_LIST(DECLARE)

#define ADDRESS(m) &m,
ngx_module_t *ngx_modules[] = { NGX_MODULE_LIST(ADDRESS) NULL };

#define NAME(m) #m,
char *ngx_module_names[] = { NGX_MODULE_LIST(NAME) NULL };
