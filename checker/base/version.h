/* version.h - the one place the version lives. */
#ifndef SG_VERSION_H
#define SG_VERSION_H
#define SG_VERSION "0.1.0"
#endif
