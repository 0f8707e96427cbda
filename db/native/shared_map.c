/*
 * mapShared(fd, length): the first `length` bytes of an open file, mapped read-only and shared, as an ArrayBuffer.
 *
 * For db/wal-index.ts: SQLite's readers learn of a commit from the WAL-index header at the start of the -shm file,
 * which SQLite itself maps shared; a mapping of our own sees each commit's header as soon as the writer has written
 * it, with a memory read instead of a system call per request. The mapping is released when the buffer is collected.
 *
 * It takes a descriptor the caller keeps open and never opens or closes the file itself: SQLite locks the -shm file
 * with POSIX record locks, and closing any descriptor of a file drops every such lock the process holds on it, after
 * which another process may take the database's shared memory for abandoned and rebuild it under the server.
 */
#include <errno.h>
#include <limits.h>
#include <node_api.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

static void unmap(napi_env env, void* data, void* hint) {
  (void)env;
  munmap(data, (size_t)(uintptr_t)hint);
}

static napi_value fail(napi_env env, const char* what, int err) {
  char message[256];
  strncpy(message, what, sizeof message - 1);
  message[sizeof message - 1] = 0;
  if (err) {
    size_t used = strlen(message);
    strncat(message, ": ", sizeof message - used - 1);
    strncat(message, strerror(err), sizeof message - strlen(message) - 1);
  }
  napi_throw_error(env, NULL, message);
  return NULL;
}

static napi_value map_shared(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 2)
    return fail(env, "mapShared(fd, length)", 0);
  double fd_value = -1;
  if (napi_get_value_double(env, argv[0], &fd_value) != napi_ok || fd_value < 0 || fd_value > INT_MAX ||
      fd_value != (double)(int)fd_value)
    return fail(env, "mapShared: the descriptor must be a non-negative integer", 0);
  int fd = (int)fd_value;
  int64_t length = 0;
  if (napi_get_value_int64(env, argv[1], &length) != napi_ok || length <= 0 || length > (1 << 20))
    return fail(env, "mapShared: the length must be between 1 and 1 MiB", 0);

  struct stat st;
  if (fstat(fd, &st) != 0) return fail(env, "mapShared: fstat", errno);
  if (!S_ISREG(st.st_mode)) return fail(env, "mapShared: not a regular file", 0);
  /*
   * Reading a mapped page that lies wholly past the end of the file raises SIGBUS: only bytes the file has now. The
   * caller keeps the file from shrinking below them (a connection of its own holds SQLite's lock on it).
   */
  if (st.st_size < length) return fail(env, "mapShared: the file is shorter than the length asked for", 0);
  void* at = mmap(NULL, (size_t)length, PROT_READ, MAP_SHARED, fd, 0);
  if (at == MAP_FAILED) return fail(env, "mapShared: mmap", errno);

  napi_value buffer;
  if (napi_create_external_arraybuffer(env, at, (size_t)length, unmap, (void*)(uintptr_t)length, &buffer) != napi_ok) {
    munmap(at, (size_t)length);
    return fail(env, "mapShared: could not wrap the mapping", 0);
  }
  return buffer;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  if (napi_create_function(env, "mapShared", NAPI_AUTO_LENGTH, map_shared, NULL, &fn) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "mapShared", fn) != napi_ok) return NULL;
  return exports;
}
