/*
 * Test parameters of the sample firmware project (the Qualify virtual board's layout).
 */
#ifndef TEST_PARAM_CONFIG_H
#define TEST_PARAM_CONFIG_H

#define ECHO_SERVER_ENDPOINT                            "127.0.0.1"
#define ECHO_SERVER_PORT                                ( 9000 )
#define TEST_START_DELAY_MS                             ( 5000 )

#endif /* TEST_PARAM_CONFIG_H */
