/* Copyright the SCNN contributors.
 * SPDX-License-Identifier: Apache-2.0
 *
 * tb_gtkw_write (tb_gtkw.h). GTKWave's save file: "[timestart] T" is the left edge of the view,
 * "*Z M A B ... Z" the zoom (the view shows 2^-Z time units per pixel), the primary marker and
 * the 26 named markers A..Z (-1: unset), "[markername] <letter><text>" a named marker's label. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tb_gtkw.h"

#define TB_GTKW_PIXELS 1100.0 /* width of the wave area of the layouts' [size] 1600 window */

static int dropped(const char *line) {
  static const char *const drop[] = {"[dumpfile]", "[timestart]", "[markername", "*"};
  for (size_t i = 0; i < sizeof drop / sizeof drop[0]; ++i)
    if (strncmp(line, drop[i], strlen(drop[i])) == 0) return 1;
  return 0;
}

int tb_gtkw_write(const char *layout, const char *out, const char *fst, int64_t t_from,
                  int64_t t_to, const int64_t t[TB_GTKW_MARKS],
                  const char *const name[TB_GTKW_MARKS]) {
  FILE *in = fopen(layout, "r");
  if (!in) {
    fprintf(stderr, "waves: cannot read the layout %s\n", layout);
    return -1;
  }
  FILE *o = fopen(out, "w");
  if (!o) {
    fclose(in);
    fprintf(stderr, "waves: cannot write %s\n", out);
    return -1;
  }
  const double span = t_to > t_from ? (double)(t_to - t_from) : 1000.0;
  const double zoom = -log2(span / TB_GTKW_PIXELS);
  char line[1024];
  int head = 1;
  while (fgets(line, sizeof line, in)) {
    if (dropped(line)) continue;
    if (head && line[0] != '[') continue; /* comment lines of the layout go first, then ours */
    if (head && strncmp(line, "[size]", 6) == 0) {
      head = 0;
      fprintf(o, "[*] view: the first job of the dump, named markers A, B, C\n");
      fprintf(o, "[dumpfile] \"%s\"\n[timestart] %lld\n", fst, (long long)t_from);
      fputs(line, o);
      fprintf(o, "*%f %lld", zoom, (long long)(t[0] >= 0 ? t[0] : -1));
      for (int i = 0; i < 26; ++i)
        fprintf(o, " %lld", (long long)(i < TB_GTKW_MARKS && t[i] >= 0 ? t[i] : -1));
      fprintf(o, "\n");
      for (int i = 0; i < TB_GTKW_MARKS; ++i)
        if (t[i] >= 0) fprintf(o, "[markername] %c%s\n", 'A' + i, name[i]);
      continue;
    }
    fputs(line, o);
  }
  fclose(in);
  const int bad = ferror(o);
  if (fclose(o) != 0 || bad) {
    fprintf(stderr, "waves: writing %s failed\n", out);
    return -1;
  }
  return 0;
}
