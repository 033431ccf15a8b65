package org.tandem.demo;

import java.util.SplittableRandom;
import org.tandem.patient.AdministrativeSex;

/** First and family names common in a Midwestern US primary-care panel, Hispanic and non-Hispanic. */
final class NamePool {

    private static final String[] FEMALE = { "Mary", "Jennifer", "Linda", "Patricia", "Elizabeth", "Susan", "Jessica",
            "Sarah", "Karen", "Nancy", "Lisa", "Betty", "Margaret", "Sandra", "Ashley", "Emily", "Donna", "Michelle",
            "Carol", "Amanda", "Melissa", "Deborah", "Stephanie", "Rebecca", "Laura", "Sharon", "Cynthia", "Kathleen",
            "Amy", "Angela", "Shirley", "Brenda", "Emma", "Olivia", "Ava", "Sophia", "Mia", "Charlotte", "Harper",
            "Abigail", "Madison", "Chloe", "Grace", "Hannah", "Aaliyah", "Imani", "Keisha", "Tamika", "Latoya", "Ebony",
            "Jasmine", "Mei", "Lin", "Priya", "Ananya", "Aisha", "Fatima", "Hoa", "Ngoc", "Yuki", "Ji-woo", "Sun-hee",
            "Dorothy", "Ruth", "Helen", "Joyce", "Evelyn", "Gloria", "Judith", "Marilyn" };
    private static final String[] MALE = { "James", "Robert", "John", "Michael", "David", "William", "Richard", "Joseph",
            "Thomas", "Charles", "Christopher", "Daniel", "Matthew", "Anthony", "Mark", "Donald", "Steven", "Paul",
            "Andrew", "Joshua", "Kenneth", "Kevin", "Brian", "George", "Timothy", "Ronald", "Edward", "Jason", "Jeffrey",
            "Ryan", "Jacob", "Gary", "Liam", "Noah", "Oliver", "Elijah", "Lucas", "Mason", "Logan", "Ethan", "Aiden",
            "DeShawn", "Jamal", "Malik", "Terrence", "Darnell", "Andre", "Wei", "Jun", "Raj", "Arjun", "Vikram",
            "Omar", "Ahmed", "Tuan", "Minh", "Hiroshi", "Min-jun", "Walter", "Harold", "Frank", "Raymond", "Eugene",
            "Gerald", "Kwame", "Tyrone" };
    private static final String[] NEUTRAL = { "Alex", "Jordan", "Taylor", "Casey", "Riley", "Morgan", "Jamie", "Avery",
            "Quinn", "Rowan", "Sage", "Skyler" };
    private static final String[] FAMILY = { "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis",
            "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris",
            "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Hill", "Green", "Adams",
            "Baker", "Nelson", "Carter", "Mitchell", "Roberts", "Campbell", "Parker", "Evans", "Edwards", "Collins",
            "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Peterson", "Cooper", "Reed", "Bailey", "Bell", "Kelly",
            "Howard", "Ward", "Cox", "Richardson", "Wood", "Watson", "Brooks", "Bennett", "Gray", "Washington",
            "Jefferson", "Coleman", "Banks", "Freeman", "Olson", "Schmidt", "Mueller", "Nowak", "Kowalski", "Novak",
            "Johansson", "Larson", "Hansen", "O'Brien", "Sullivan", "Nguyen", "Tran", "Pham", "Chen", "Wang", "Liu",
            "Zhang", "Kim", "Park", "Choi", "Patel", "Shah", "Singh", "Kumar", "Khan", "Ali", "Hassan", "Tanaka",
            "Okafor", "Mensah", "Abdi", "Yilmaz", "Russo", "Rossi" };
    private static final String[] HISPANIC_FEMALE = { "María", "Guadalupe", "Ana", "Rosa", "Carmen", "Juana", "Sofía",
            "Isabella", "Valentina", "Camila", "Lucía", "Daniela", "Gabriela", "Alejandra", "Verónica", "Adriana",
            "Leticia", "Marisol", "Yesenia", "Elena", "Paola", "Ximena", "Esperanza", "Dolores" };
    private static final String[] HISPANIC_MALE = { "José", "Juan", "Luis", "Carlos", "Jesús", "Miguel", "Francisco",
            "Jorge", "Alejandro", "Antonio", "Manuel", "Pedro", "Ricardo", "Javier", "Mateo", "Santiago", "Diego",
            "Emiliano", "Sebastián", "Fernando", "Rafael", "Héctor", "Raúl", "Arturo" };
    private static final String[] HISPANIC_FAMILY = { "García", "Rodríguez", "Martínez", "Hernández", "López",
            "González", "Pérez", "Sánchez", "Ramírez", "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Reyes", "Cruz",
            "Morales", "Ortiz", "Gutiérrez", "Chávez", "Ramos", "Ruiz", "Mendoza", "Álvarez", "Castillo", "Jiménez",
            "Vargas", "Romero", "Herrera", "Medina", "Aguilar", "Vega", "Castro", "Delgado", "Soto", "Contreras" };

    private NamePool() {
    }

    static String family(SplittableRandom random, boolean hispanic) {
        return pick(random, hispanic ? HISPANIC_FAMILY : FAMILY);
    }

    static String given(SplittableRandom random, AdministrativeSex sex, boolean hispanic) {
        return switch (sex) {
            case FEMALE -> pick(random, hispanic ? HISPANIC_FEMALE : FEMALE);
            case MALE -> pick(random, hispanic ? HISPANIC_MALE : MALE);
            case OTHER, UNKNOWN -> pick(random, NEUTRAL);
        };
    }

    private static String pick(SplittableRandom random, String[] names) {
        return names[random.nextInt(names.length)];
    }
}
