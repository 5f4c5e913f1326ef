/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lwip's configuration for Tessera: threads (NO_SYS=0) with the core
 * lock, sockets with a readiness hook for poll/epoll, pools sized from
 * the menu (lib/lwip/Config.uk). doc/networking.md explains the choices.
 */
#ifndef TESSERA_LWIPOPTS_H
#define TESSERA_LWIPOPTS_H

#include <uk/config.h>

/* Threads, and the core lock instead of messages for API calls. */
#define NO_SYS 0
#define SYS_LIGHTWEIGHT_PROT 1
#define LWIP_TCPIP_CORE_LOCKING 1
#define LWIP_TCPIP_CORE_LOCKING_INPUT 1
#define TCPIP_THREAD_NAME "lwip-tcpip"
#define TCPIP_THREAD_STACKSIZE (32 * 1024)
#define TCPIP_THREAD_PRIO 0
#define TCPIP_MBOX_SIZE 256
#define DEFAULT_THREAD_STACKSIZE (32 * 1024)
#define DEFAULT_TCP_RECVMBOX_SIZE 256
#define DEFAULT_UDP_RECVMBOX_SIZE 64
#define DEFAULT_RAW_RECVMBOX_SIZE 16
#define DEFAULT_ACCEPTMBOX_SIZE 256

/* Memory: the heap from ukalloc; fixed pools (bss) for the counted
 * things, so their numbers stay bounded. */
#define MEM_LIBC_MALLOC 1
#define mem_clib_malloc uk_lwip_malloc
#define mem_clib_calloc uk_lwip_calloc
#define mem_clib_free uk_lwip_free
#define MEMP_MEM_MALLOC 0
#define MEM_ALIGNMENT 8
#define MEMP_NUM_TCP_PCB CONFIG_LIBLWIP_NUM_TCP_PCB
#define MEMP_NUM_TCP_PCB_LISTEN CONFIG_LIBLWIP_NUM_TCP_PCB_LISTEN
#define MEMP_NUM_UDP_PCB CONFIG_LIBLWIP_NUM_UDP_PCB
#define MEMP_NUM_NETCONN CONFIG_LIBLWIP_NUM_SOCKETS
#define MEMP_NUM_NETBUF 64
#define MEMP_NUM_TCPIP_MSG_INPKT 256
#define MEMP_NUM_TCPIP_MSG_API 64
#define MEMP_NUM_SYS_TIMEOUT (LWIP_NUM_SYS_TIMEOUT_INTERNAL + 8)
#define PBUF_POOL_SIZE CONFIG_LIBLWIP_PBUF_POOL_SIZE
#define MEMP_NUM_PBUF 64
#define MEMP_NUM_REASSDATA 8
#define MEMP_NUM_FRAG_PBUF 16

/* TCP */
#define LWIP_TCP 1
#define TCP_MSS CONFIG_LIBLWIP_TCP_MSS
#define TCP_WND CONFIG_LIBLWIP_TCP_WND
#define TCP_SND_BUF CONFIG_LIBLWIP_TCP_SND_BUF
#define TCP_SND_QUEUELEN ((4 * TCP_SND_BUF + TCP_MSS - 1) / TCP_MSS)
#define MEMP_NUM_TCP_SEG (4 * TCP_SND_QUEUELEN + 64)
#define TCP_MSL (CONFIG_LIBLWIP_TCP_MSL_S * 1000UL)
#define TCP_LISTEN_BACKLOG 1
#define TCP_DEFAULT_LISTEN_BACKLOG 128
#define LWIP_TCP_KEEPALIVE 1
#define TCP_QUEUE_OOSEQ 1
#define LWIP_TCP_SACK_OUT 0
#define LWIP_WND_SCALE 0

/* UDP, raw, IP */
#define LWIP_UDP 1
#define LWIP_RAW 1
#ifdef CONFIG_LIBLWIP_IPV4
#define LWIP_IPV4 1
#else
#define LWIP_IPV4 0
#endif
#ifdef CONFIG_LIBLWIP_IPV6
#define LWIP_IPV6 1
#define LWIP_IPV6_AUTOCONFIG 1
#define LWIP_IPV6_NUM_ADDRESSES 3
#define LWIP_IPV6_DHCP6 0
#define LWIP_IPV6_MLD 1
#else
#define LWIP_IPV6 0
#endif
#define LWIP_ARP 1
#define LWIP_ETHERNET 1
#define ETHARP_SUPPORT_STATIC_ENTRIES 0
#define ARP_TABLE_SIZE 32
#define IP_REASSEMBLY 1
#define IP_FRAG 1
#define LWIP_ICMP 1
#define LWIP_IGMP 1
#ifdef CONFIG_LIBLWIP_DHCP
#define LWIP_DHCP 1
#else
#define LWIP_DHCP 0
#endif
#ifdef CONFIG_LIBLWIP_DNS
#define LWIP_DNS 1
#define DNS_MAX_SERVERS 2
#define DNS_TABLE_SIZE 8
#else
#define LWIP_DNS 0
#endif
#define LWIP_RAND() uk_lwip_rand()

/* Interfaces */
#define LWIP_SINGLE_NETIF 0
#define LWIP_NETIF_STATUS_CALLBACK 1
#define LWIP_NETIF_LINK_CALLBACK 1
#define LWIP_NETIF_HOSTNAME 1
#define LWIP_NETIF_API 1
#define LWIP_NETIF_LOOPBACK 1
#define LWIP_HAVE_LOOPIF 1
#define LWIP_LOOPBACK_MAX_PBUFS 64
#define LWIP_CHECKSUM_ON_COPY 1

/* Sockets: posix-socket wraps them in file descriptors of its own. */
#define LWIP_NETCONN 1
#define LWIP_SOCKET 1
#define LWIP_COMPAT_SOCKETS 0
#define LWIP_POSIX_SOCKETS_IO_NAMES 0
#define LWIP_SOCKET_OFFSET 0
#define LWIP_SOCKET_SELECT 0 /* poll/select/epoll are posix-poll's */
#define LWIP_SOCKET_POLL 1
#define LWIP_SO_RCVTIMEO 1
#define LWIP_SO_SNDTIMEO 1
#define LWIP_SO_RCVBUF 1
#define LWIP_SO_LINGER 1
#define SO_REUSE 1
#define SO_REUSE_RXTOALL 1
#define LWIP_FIONREAD_LINUXMODE 1
#define LWIP_TCP_PCB_NUM_EXT_ARGS 0
#define LWIP_TIMEVAL_PRIVATE 0
#define LWIP_ERRNO_STDINCLUDE 1
#define LWIP_NETCONN_FULLDUPLEX 0
#define LWIP_HOOK_SOCKET_EVENT(s, evt) uk_lwip_socket_event((s), (int)(evt))

#define LWIP_STATS 0
#ifdef CONFIG_LIBLWIP_DEBUG
#define LWIP_DEBUG 1
#else
#define LWIP_NOASSERT 1
#endif

#ifndef __ASSEMBLY__
#include <stddef.h>
/* lwip checks fd_set against its socket count; it never uses one here. */
#define FD_SETSIZE 1024
#include <sys/time.h> /* struct timeval (LWIP_TIMEVAL_PRIVATE 0) */
void *uk_lwip_malloc(size_t size);
void *uk_lwip_calloc(size_t n, size_t size);
void uk_lwip_free(void *p);
unsigned int uk_lwip_rand(void);
void uk_lwip_socket_event(int s, int evt);
#endif

#endif
