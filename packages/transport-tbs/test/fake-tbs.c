/*
 * A stand-in for tbs.dll on Linux, so the koffi binding's declarations (struct
 * layouts, out and in/out pointers, async calls) run for real: each TBS context
 * is a TCP connection to a TPM simulator's raw command port (FAKE_TBS_PORT on
 * 127.0.0.1). Result codes follow tbs.h. Built by the tests with `cc -shared`.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define TBS_SUCCESS 0x0u
#define TBS_E_BAD_PARAMETER 0x80284002u
#define TBS_E_INVALID_OUTPUT_POINTER 0x80284003u
#define TBS_E_INVALID_CONTEXT 0x80284004u
#define TBS_E_INSUFFICIENT_BUFFER 0x80284005u
#define TBS_E_IOERROR 0x80284006u
#define TBS_E_INVALID_CONTEXT_PARAM 0x80284007u
#define TBS_E_BUFFER_TOO_LARGE 0x8028400eu
#define TBS_E_TPM_NOT_FOUND 0x8028400fu

typedef struct { uint32_t version; uint32_t flags; } TBS_CONTEXT_PARAMS2;
typedef struct { uint32_t structVersion, tpmVersion, tpmInterfaceType, tpmImpRevision; } TPM_DEVICE_INFO;
typedef struct { uint32_t magic; int fd; } fake_context;

#define MAGIC 0x54425343u

static int send_all(int fd, const uint8_t *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w <= 0) return -1;
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

static int recv_all(int fd, uint8_t *p, size_t n) {
  while (n > 0) {
    ssize_t r = read(fd, p, n);
    if (r <= 0) return -1;
    p += r;
    n -= (size_t)r;
  }
  return 0;
}

uint32_t Tbsi_GetDeviceInfo(uint32_t size, void *info) {
  if (info == NULL) return TBS_E_BAD_PARAMETER;
  if (size < sizeof(TPM_DEVICE_INFO)) return TBS_E_INSUFFICIENT_BUFFER;
  TPM_DEVICE_INFO *d = (TPM_DEVICE_INFO *)info;
  d->structVersion = 1;
  d->tpmVersion = 2;
  d->tpmInterfaceType = 1;
  d->tpmImpRevision = 0x10001;
  return TBS_SUCCESS;
}

uint32_t Tbsi_Context_Create(const TBS_CONTEXT_PARAMS2 *params, void **context) {
  if (params == NULL) return TBS_E_BAD_PARAMETER;
  if (context == NULL) return TBS_E_INVALID_OUTPUT_POINTER;
  if (params->version != 2 || (params->flags & 4u) == 0) return TBS_E_INVALID_CONTEXT_PARAM;
  const char *port = getenv("FAKE_TBS_PORT");
  if (port == NULL) return TBS_E_TPM_NOT_FOUND;
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_port = htons((uint16_t)atoi(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
    if (fd >= 0) close(fd);
    return TBS_E_TPM_NOT_FOUND;
  }
  fake_context *c = malloc(sizeof *c);
  c->magic = MAGIC;
  c->fd = fd;
  *context = c;
  return TBS_SUCCESS;
}

uint32_t Tbsip_Submit_Command(void *context, uint32_t locality, uint32_t priority, const uint8_t *command,
                              uint32_t commandLength, uint8_t *result, uint32_t *resultLength) {
  fake_context *c = (fake_context *)context;
  if (c == NULL || c->magic != MAGIC) return TBS_E_INVALID_CONTEXT;
  if (locality != 0 || command == NULL || commandLength < 10) return TBS_E_BAD_PARAMETER;
  if (priority != 100 && priority != 200 && priority != 300 && priority != 400 && priority != 0x80000000u)
    return TBS_E_BAD_PARAMETER;
  if (commandLength > 4096) return TBS_E_BUFFER_TOO_LARGE;
  if (result == NULL || resultLength == NULL) return TBS_E_INVALID_OUTPUT_POINTER;
  uint8_t response[4096];
  if (send_all(c->fd, command, commandLength) != 0 || recv_all(c->fd, response, 10) != 0) return TBS_E_IOERROR;
  uint32_t size = ((uint32_t)response[2] << 24) | ((uint32_t)response[3] << 16) | ((uint32_t)response[4] << 8) | response[5];
  if (size < 10 || size > sizeof response || recv_all(c->fd, response + 10, size - 10) != 0) return TBS_E_IOERROR;
  if (*resultLength < size) return TBS_E_INSUFFICIENT_BUFFER;
  memcpy(result, response, size);
  *resultLength = size;
  return TBS_SUCCESS;
}

uint32_t Tbsip_Cancel_Commands(void *context) {
  fake_context *c = (fake_context *)context;
  if (c == NULL || c->magic != MAGIC) return TBS_E_INVALID_CONTEXT;
  return TBS_SUCCESS;
}

uint32_t Tbsip_Context_Close(void *context) {
  fake_context *c = (fake_context *)context;
  if (c == NULL || c->magic != MAGIC) return TBS_E_INVALID_CONTEXT;
  c->magic = 0;
  close(c->fd);
  free(c);
  return TBS_SUCCESS;
}
