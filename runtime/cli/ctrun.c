/* The ctrun binary; everything is in cli_main (runtime/cli/main.c), which
 * the CLI fuzzer calls too. */
#include "config.h"

#include "runtime/cli/cli.h"

int main(int argc, char **argv) {
  return cli_main(argc, argv, false);
}
