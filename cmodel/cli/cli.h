/* Subcommands of build/bin/scnn. Each gets argv starting at its own name and
 * returns the process exit status: 0 success, 1 failure, 2 usage error. */
#ifndef SCNN_CLI_H
#define SCNN_CLI_H

typedef struct {
  const char *name;
  const char *help;
  int (*fn)(int argc, char **argv);
} scnn_cmd;

int cmd_list(int argc, char **argv);
int cmd_gen(int argc, char **argv);
int cmd_ref(int argc, char **argv);
int cmd_run(int argc, char **argv);

#endif /* SCNN_CLI_H */
