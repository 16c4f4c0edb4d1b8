@ota @registration
Feature: User registration at wallet login
  Requirement 5.5.2 (user registration): when the wallet client logs in and the SE is not bound to any MSISDN, the platform binds the
  number and the SE and writes the MSISDN, the token and the IMSI digest into the SE by STORE DATA (DGI 2F14 and
  1047). One SE is bound to one number only; one number may own several SEs. An SE bound to another number still in
  service can only be queried. Every step talks to a gateway running in-process over HTTP; the phone is a simulated
  SE with the wallet client and the SERAM local agent.

  Scenario: An unbound SE is registered to the number at its first login
    Given the user of number 13800138000 with a new SE of the demo batch
    When the wallet logs in without a token
    Then the login is accepted with full service and a registration session
    When the phone runs the registration session
    Then the session completes and the registration task succeeds
    And the issuer security domain stores the MSISDN "3108108300F0" in DGI 2F14
    And the issuer security domain stores a 16-byte token and the IMSI digest in DGI 1047

  Scenario: The same number logs in again with the token read from the SE
    Given the user of number 13800138001 with a new SE of the demo batch
    And the phone has registered
    When the wallet logs in with the token read from the SE
    Then the login is accepted with full service and no registration session
    And the SE is registered to number 13800138001
    And the download list contains the demo application

  Scenario: A wrong token is refused
    Given the user of number 13700000001 with a new SE of the demo batch
    And the phone has registered
    When the wallet logs in with the token "00112233445566778899AABBCCDDEEFF"
    Then the gateway refuses with HTTP 401

  Scenario: An SE bound to a number in service is query-only for another number
    Given the user of number 13900000001 with a new SE of the demo batch
    And the phone has registered
    When the user of number 13900000002 puts the same SE in his phone
    And the wallet logs in with the token read from the SE
    Then the login is accepted for query only
    And every application list is empty
    # A query-only login carries no wallet access token: the wallet may look, not act.
    When the wallet asks to download the demo application
    Then the gateway refuses with HTTP 401
    When the wallet asks to synchronise the SE
    Then the gateway refuses with HTTP 401
    And the issuer security domain still stores the MSISDN "3109000000F1" in DGI 2F14
    When the user of number 13900000001 logs in again with the token read from the SE
    Then the login is accepted with full service and no registration session

  Scenario: One number may own several SEs
    Given the user of number 13900000011 with a new SE of the demo batch
    And the phone has registered
    When the user of number 13900000011 gets a second new SE of the demo batch
    And the wallet logs in without a token
    Then the login is accepted with full service and a registration session
    When the phone runs the registration session
    Then the session completes and the registration task succeeds
    And the issuer security domain stores the MSISDN "3109000010F1" in DGI 2F14
