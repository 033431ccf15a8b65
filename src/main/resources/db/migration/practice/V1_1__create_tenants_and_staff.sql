-- practice module: tenants (support organizations, collaboratives, practices, sites), staff accounts, roles, care teams.
-- Runs unchanged on H2 (PostgreSQL mode) and PostgreSQL 15+.

CREATE TABLE support_organization (
    id          UUID         NOT NULL PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE collaborative (
    id                      UUID         NOT NULL PRIMARY KEY,
    support_organization_id UUID         NOT NULL REFERENCES support_organization (id),
    name                    VARCHAR(200) NOT NULL,
    created_at              TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE practice (
    id          UUID         NOT NULL PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    time_zone   VARCHAR(64)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE practice_membership (
    practice_id      UUID NOT NULL REFERENCES practice (id),
    collaborative_id UUID NOT NULL REFERENCES collaborative (id),
    joined_on        DATE NOT NULL,
    PRIMARY KEY (practice_id, collaborative_id)
);

CREATE TABLE site (
    practice_id UUID         NOT NULL REFERENCES practice (id),
    id          UUID         NOT NULL,
    name        VARCHAR(200) NOT NULL,
    PRIMARY KEY (practice_id, id)
);

-- A staff account is a sign-in identity. Practice staff have a home practice; support-organization staff
-- (facilitators, collaborative leads) have a support organization instead.
CREATE TABLE staff_account (
    id                      UUID         NOT NULL PRIMARY KEY,
    email                   VARCHAR(320) NOT NULL,
    display_name            VARCHAR(200) NOT NULL,
    password_hash           VARCHAR(200) NOT NULL,
    enabled                 BOOLEAN      NOT NULL,
    failed_sign_ins         INTEGER      NOT NULL DEFAULT 0,
    locked_until            TIMESTAMP WITH TIME ZONE,
    home_practice_id        UUID REFERENCES practice (id),
    support_organization_id UUID REFERENCES support_organization (id),
    created_at              TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT staff_account_email_unique UNIQUE (email),
    CONSTRAINT staff_account_has_one_home CHECK (
        (home_practice_id IS NOT NULL AND support_organization_id IS NULL)
        OR (home_practice_id IS NULL AND support_organization_id IS NOT NULL))
);

CREATE TABLE role_assignment (
    practice_id UUID        NOT NULL REFERENCES practice (id),
    account_id  UUID        NOT NULL REFERENCES staff_account (id),
    role        VARCHAR(40) NOT NULL,
    PRIMARY KEY (practice_id, account_id, role)
);

CREATE TABLE support_role_assignment (
    support_organization_id UUID        NOT NULL REFERENCES support_organization (id),
    account_id              UUID        NOT NULL REFERENCES staff_account (id),
    role                    VARCHAR(40) NOT NULL,
    PRIMARY KEY (support_organization_id, account_id, role)
);

CREATE TABLE care_team (
    practice_id UUID         NOT NULL REFERENCES practice (id),
    id          UUID         NOT NULL,
    name        VARCHAR(200) NOT NULL,
    PRIMARY KEY (practice_id, id)
);

CREATE TABLE care_team_member (
    practice_id  UUID        NOT NULL,
    care_team_id UUID        NOT NULL,
    account_id   UUID        NOT NULL REFERENCES staff_account (id),
    role         VARCHAR(40) NOT NULL,
    PRIMARY KEY (practice_id, care_team_id, account_id),
    FOREIGN KEY (practice_id, care_team_id) REFERENCES care_team (practice_id, id)
);

-- OAuth2 clients (client credentials) that call the FHIR and REST APIs for one practice in one role.
CREATE TABLE api_client (
    client_id   VARCHAR(100) NOT NULL PRIMARY KEY,
    owner_practice UUID      NOT NULL REFERENCES practice (id),
    name        VARCHAR(200) NOT NULL,
    secret_hash VARCHAR(200) NOT NULL,
    role        VARCHAR(40)  NOT NULL,
    enabled     BOOLEAN      NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
