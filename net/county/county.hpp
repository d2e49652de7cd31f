// The reference county server's public face, for its program and for tests that start a county
// in-process: the server, admin on its database file, and the benefit import.
#pragma once

#include "net/county/csv_import.hpp"
#include "net/county/server.hpp"
#include "net/county/storage.hpp"
